"""Contrepoint: comment threads and a cross-linked index of positions for Pelican.

Each subpackage is one Pelican plugin (``contrepoint.comments``,
``contrepoint.positions``, ``contrepoint.stance``, ``contrepoint.french``);
the modules they share live here and know nothing of Pelican, except
``pelican_glue``.
"""
