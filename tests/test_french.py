"""French typography: narrow no-break spaces (U+202F) and dates, input beside expected."""

import datetime

import pytest
from markupsafe import Markup

from contrepoint.french.plugin import date_fr, typo_fr
from contrepoint.french.typography import de_fr, format_date_fr, narrow_nbsp

N = "\u202f"


@pytest.mark.parametrize(
    "html, expected",
    [
        ("« Non »", f"«{N}Non{N}»"),
        ("«Non»", f"«{N}Non{N}»"),
        ("une question ?", f"une question{N}?"),
        ("il exige!", f"il exige{N}!"),
        ("d’abord ; ensuite", f"d’abord{N}; ensuite"),
        ("Note: lire", f"Note{N}: lire"),
        ("déjà\u00a0?", f"déjà{N}?"),
        ("déjà&nbsp;?", f"déjà{N}?"),
        ("Quoi ?!", f"Quoi{N}?!"),
        ("Vraiment ? »", f"Vraiment{N}?{N}»"),
        ("<p>Il a dit : <em>non</em>!</p>", f"<p>Il a dit{N}: <em>non</em>{N}!</p>"),
        # Marks in neighbouring words, after an entity, a URL, a time or a line break.
        ("a;b ; c? d", f"a{N};b{N}; c{N}? d"),
        ("oui, &nbsp;!", f"oui,{N}!"),
        ("AT&amp;T : oui", f"AT&amp;T{N}: oui"),
        ("1http://x.fr/a;b ?", f"1http://x.fr/a;b{N}?"),
        ("à 21:00 : oui", f"à 21:00{N}: oui"),
        ("mot :\n! fin", f"mot{N}:\n! fin"),
    ],
)
def test_narrow_nbsp_in_text(html, expected):
    assert narrow_nbsp(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        "voir http://x.com/?a=1;b=2",
        "https://www.kiwili.com/ et www.photomaternite.com/?p=1",
        "rendez-vous à 21:00",
        "<code>a : b</code>",
        "<pre><code>x = y ? 1 : 2</code></pre>",
        "<script>if (a) { b ? c : d; }</script>",
        "<style>a:hover { color: red; }</style>",
        "<CODE>a : b</CODE>",
        "<pre>x ? <kbd>a : b</kbd> y : z</pre>",
        "<!-- todo : plus tard ? -->",
        "AT&amp;T&#8217;s",
    ],
)
def test_narrow_nbsp_leaves_untouched(html):
    assert narrow_nbsp(html) == html


def test_narrow_nbsp_keeps_attributes_and_fixes_text_after():
    html = '<a title="a : b ?" href="/x?y=1">lien</a> !'
    assert narrow_nbsp(html) == f'<a title="a : b ?" href="/x?y=1">lien</a>{N}!'


def test_narrow_nbsp_resumes_after_code():
    assert narrow_nbsp("<code>a : b</code> c : d") == f"<code>a : b</code> c{N}: d"


def test_narrow_nbsp_is_idempotent():
    once = narrow_nbsp("« Pourquoi ? » dit-il : non!")
    assert narrow_nbsp(once) == once


def test_format_date_fr_without_system_locale():
    assert format_date_fr(datetime.date(2010, 3, 4)) == "4 mars 2010"
    assert format_date_fr(datetime.datetime(2011, 12, 1, 9, 30)) == "1 décembre 2011"


def test_typo_fr_escapes_plain_text_then_spaces_it():
    assert typo_fr("Vous & moi ?") == Markup(f"Vous &amp; moi{N}?")


def test_typo_fr_keeps_markup_as_html():
    assert typo_fr(Markup("<em>Non</em> !")) == Markup(f"<em>Non</em>{N}!")


@pytest.mark.parametrize("name, expected", [
    ("Élodie Blanc", "d’Élodie Blanc"), ("Andrée", "d’Andrée"), ("un anonyme", "d’un anonyme"),
    ("Yves", "d’Yves"), ("Yannick", "de Yannick"), ("Hélène", "de Hélène"),
    ("Victor", "de Victor"), ("37signals", "de 37signals"),
])
def test_de_fr_elides_before_a_vowel_sound(name, expected):
    assert de_fr(name) == expected


def test_de_fr_keeps_markup_as_html():
    assert de_fr(Markup("Anne &amp; Co")) == Markup("d’Anne &amp; Co")
    plain = de_fr("Eve & Co")
    assert plain == "d’Eve & Co" and not isinstance(plain, Markup)  # the template escapes it


def test_date_fr_of_nothing_is_empty():
    assert date_fr(None) == ""


def test_markdown_extension_typesets_the_html_it_writes_but_not_code():
    import markdown

    md = markdown.Markdown(extensions=["contrepoint.french.markdown_ext", "extra"])
    html = md.convert("Il a dit « non » : *vraiment* ?\n\n    code : ici ?\n\nEt `a : b` !")
    assert html == (f"<p>Il a dit «{N}non{N}»{N}: <em>vraiment</em>{N}?</p>\n"
                    "<pre><code>code : ici ?\n</code></pre>\n"
                    f"<p>Et <code>a : b</code>{N}!</p>")
