"""``make check``: every validation of the sources, nothing written.

Runs Pelican's reading phase only (every generator's ``generate_context``
and ``all_generators_finalized``, where our plugins validate comments,
positions and annotations), with the content cache off, then stops before
any output is written. Usage: ``python -m contrepoint.check [content] [-s settings]``.
"""

import argparse
import logging
import sys

from pelican import Pelican, signals
from pelican.log import init as init_logging
from pelican.settings import read_settings

from .pelican_glue import BuildStopped


def read_only_settings(content, settings_file):
    """Site settings that read the content but neither write nor cache."""
    return read_settings(
        settings_file,
        override={
            "PATH": content,
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "DELETE_OUTPUT_DIRECTORY": False,
        },
    )


def check(content="content", settings_file="pelicanconf.py"):
    """Return 0 when the sources are valid, 1 after listing every problem."""
    pelican = Pelican(read_only_settings(content, settings_file))
    context = pelican.settings.copy()
    context.update(static_links=set(), static_content={},
                   generated_content={}, localsiteurl=pelican.settings["SITEURL"])
    generators = [
        cls(context=context, settings=pelican.settings, path=pelican.path,
            theme=pelican.theme, output_path=pelican.output_path)
        for cls in pelican._get_generator_classes()
    ]
    try:
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        signals.all_generators_finalized.send(generators)
    except BuildStopped as stop:
        print(f"check: {stop}", file=sys.stderr)
        return 1
    print("check: no problem found")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    init_logging(level=logging.WARNING, fatal="warnings", name="pelican")
    try:
        return check(args.content, args.settings)
    except RuntimeError as error:  # a warning, fatal as under `make html`
        print(f"check: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
