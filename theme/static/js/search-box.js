/* Contrepoint: the header search box (base.html).
   Without JavaScript the header links to the search page (« Recherche » in the menu);
   with it, that link gives way to a small form that opens /recherche/?q=…, where
   search.js runs the query. */
(function () {
  "use strict";

  var form = document.querySelector("form.site-search");
  var link = document.querySelector(".site-nav .nav-search");
  if (!form || !link) {
    return;
  }
  form.hidden = false;
  link.hidden = true;
})();
