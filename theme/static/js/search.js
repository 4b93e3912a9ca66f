/* Contrepoint: the search page (search.html).
   The page's own form (labelled input « q ») drives Pagefind's UI, mounted under it
   for the results (its own input is hidden by style.css): typing searches, submitting
   or opening /recherche/?q=… runs the query and keeps it in the address. A status line
   tells screen readers how many results there are. Without Pagefind's UI (no JavaScript,
   index not built) the form stays hidden and the page's fallback text stays. */
(function () {
  "use strict";

  var TYPING_DELAY_MS = 250;

  var form = document.querySelector("form.search-form");
  var results = document.getElementById("recherche-resultats");
  var status = document.getElementById("recherche-statut");
  var fallback = document.querySelector(".search-fallback");
  if (!form || !results || !status || typeof window.PagefindUI !== "function") {
    return;
  }
  var input = form.elements.namedItem("q");

  var ui = new window.PagefindUI({
    element: results,
    bundlePath: results.getAttribute("data-bundle"),
    showImages: false,
    showSubResults: true,
    resetStyles: true
  });
  // Pagefind's form only holds the results here: one search landmark, the page's own.
  var inner = results.querySelector(".pagefind-ui__form");
  if (inner) {
    inner.removeAttribute("role");
    inner.removeAttribute("aria-label");
  }

  // Pagefind's UI ignores an empty query: the results are hidden instead.
  function run(query) {
    var term = query.trim();
    results.hidden = term === "";
    if (term) {
      ui.triggerSearch(term);
    }
    var url = new URL(window.location.href);
    if (term) {
      url.searchParams.set("q", term);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url);
    announce();
  }

  // Pagefind's message ("3 résultats pour …") copied into the page's status line.
  function announce() {
    var message = results.querySelector(".pagefind-ui__message");
    var text = message && !results.hidden ? message.textContent.trim() : "";
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { run(input.value); }, TYPING_DELAY_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value);
  });
  new MutationObserver(announce).observe(results, {
    childList: true, subtree: true, characterData: true
  });

  form.hidden = false;
  if (fallback) {
    fallback.hidden = true;
  }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  run(query);
})();
