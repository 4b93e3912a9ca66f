"""Build a synthetic corpus four ways, side by side, and report the figures.

(a) the whole Contrepoint site (``pelicanconf.py``: our theme and every plugin),
    then Pagefind; (b) bare Pelican (``bench/bare_settings.py``: posts only,
    default theme, no plugins); (c) our site without the positions and stance
    plugins; (d) our whole site on the posts alone (b's corpus: no comment),
    which splits a/b into what the site costs by itself (d/b) and what the
    comments add (a/d). Each build runs in its own process with a fresh output
    and cache folder; its wall time is measured around it, its CPU time and
    peak RSS come from ``os.wait4``. Builds alternate a, b, c, d, a, b, c, d…
    so that a slow moment of the machine hits them all.
Then, at one size (the largest by default), a rebuild after editing one post
with the content cache of a previous build, compared byte for byte with a
clean build of the edited corpus.
"""

import argparse
import filecmp
import json
import os
import platform
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from . import corpus

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
BUILD_TIME_RE = re.compile(rb"<lastmod>[^<]*</lastmod>")
WITHOUT_IN_C = ("contrepoint.positions", "contrepoint.stance")
VARIANTS = {
    "a": "Contrepoint, tout compris",
    "b": "Pelican nu (articles seuls)",
    "c": "Contrepoint sans positions ni stance",
    "d": "Contrepoint sans commentaires",
}


class BuildFailed(RuntimeError):
    """A build exited non-zero: the message holds its command and stderr's tail."""


def measure(args, env=None):
    """Run ``args``; return ``(wall s, CPU s, peak RSS in MiB, stderr)``; raise on failure.

    CPU time (user + system of the child and what it waited for) does not grow
    when other work shares the cores; wall time does.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if process.returncode:
        tail = "\n".join(stderr.splitlines()[-25:])
        raise BuildFailed(f"exit {process.returncode}: {' '.join(map(str, args))}\n{tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, stderr  # ru_maxrss is in KiB on Linux


def plugins_for_c():
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    return [name for name in plugins if name not in WITHOUT_IN_C]


def pelican_args(variant, content, output, cache):
    """The command line of one build of ``variant``."""
    settings = ROOT / ("bench/bare_settings.py" if variant == "b" else "pelicanconf.py")
    extra = {"CACHE_PATH": str(cache)}
    if variant == "c":
        extra["PLUGINS"] = plugins_for_c()
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output),
            "-s", str(settings), "--log-handler", "plain",
            "-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]


def build_env():
    return {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}


def count_warnings(stderr):
    return sum(1 for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line)


def build(variant, content, folder, cache=None, search=True):
    """One build into ``folder/output``; return its measures as a dict."""
    output, cache = folder / "output", cache or folder / "cache"
    wall, cpu, rss, stderr = measure(pelican_args(variant, content, output, cache), build_env())
    result = {"wall_s": wall, "cpu_s": cpu, "rss_mib": rss, "warnings": count_warnings(stderr),
              "stderr_head": stderr.splitlines()[:5]}
    if variant == "a" and search:
        args = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
        (result["pagefind_wall_s"], result["pagefind_cpu_s"], result["pagefind_rss_mib"],
         _) = measure(args)
    return result


def tree_differences(left, right, limit=20):
    """Relative paths that differ between two folders (missing on one side or bytes).

    Returns ``(first differing paths, count, count once build times are blanked)``:
    pelican-sitemap writes the build time as ``<lastmod>`` of pages without a date,
    so two clean builds never give the same ``sitemap.xml``.
    """
    def files(root):
        return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}

    left, right = Path(left), Path(right)
    left_files, right_files = files(left), files(right)
    different = sorted(left_files ^ right_files)
    for name in sorted(left_files & right_files):
        if not filecmp.cmp(left / name, right / name, shallow=False):
            different.append(name)
    timeless = [name for name in different if name not in left_files & right_files
                or without_build_time(left / name) != without_build_time(right / name)]
    return different[:limit], len(different), len(timeless)


def without_build_time(path):
    data = path.read_bytes()
    return BUILD_TIME_RE.sub(b"<lastmod/>", data) if path.name == "sitemap.xml" else data


def summarise(runs):
    """Median and spread of a list of build results."""
    walls = [run["wall_s"] for run in runs]
    cpus = [run["cpu_s"] for run in runs]
    summary = {"runs_s": [round(wall, 3) for wall in walls],
               "median_s": round(statistics.median(walls), 3),
               "cpu_runs_s": [round(cpu, 3) for cpu in cpus],
               "cpu_median_s": round(statistics.median(cpus), 3),
               "peak_rss_mib": round(max(run["rss_mib"] for run in runs), 1),
               "warnings": max(run["warnings"] for run in runs)}
    if "pagefind_wall_s" in runs[0]:
        pagefind = [run["pagefind_wall_s"] for run in runs]
        summary["pagefind_runs_s"] = [round(wall, 3) for wall in pagefind]
        summary["pagefind_median_s"] = round(statistics.median(pagefind), 3)
        summary["pagefind_cpu_median_s"] = round(
            statistics.median(run["pagefind_cpu_s"] for run in runs), 3)
        summary["pagefind_peak_rss_mib"] = round(max(r["pagefind_rss_mib"] for r in runs), 1)
        summary["total_median_s"] = round(
            statistics.median(w + p for w, p in zip(walls, pagefind)), 3)
    if runs[0]["warnings"]:
        summary["first_warnings"] = runs[0]["stderr_head"]
    return summary


def rebuild(variant, content, work, repeat):
    """Full build, then ``repeat`` times: edit one post, rebuild with the cache.

    Returns the rebuild times and whether the output equals a clean build of
    the edited corpus.
    """
    source = work / f"rebuild-{variant}-content"
    shutil.copytree(content, source)
    folder = work / f"rebuild-{variant}"
    build(variant, source, folder, search=False)
    runs = []
    for round_ in range(1, repeat + 1):
        corpus.edit_post(source, round_)
        runs.append(build(variant, source, folder, search=False))
    clean = work / f"rebuild-{variant}-clean"
    build(variant, source, clean, search=False)
    differences, count, timeless = tree_differences(folder / "output", clean / "output")
    shutil.rmtree(source), shutil.rmtree(folder), shutil.rmtree(clean)
    walls, cpus = [run["wall_s"] for run in runs], [run["cpu_s"] for run in runs]
    return {"runs_s": [round(wall, 3) for wall in walls],
            "median_s": round(statistics.median(walls), 3),
            "cpu_median_s": round(statistics.median(cpus), 3),
            "identical": count == 0, "differences": count, "first_differences": differences,
            "identical_but_build_time": timeless == 0}


def bench_size(posts, args, work):
    """Every build for one number of posts; return the JSON record."""
    positions = args.positions or corpus.default_positions(posts)
    full, bare = work / f"corpus-{posts}", work / f"corpus-{posts}-bare"
    counts = corpus.generate(full, posts, args.comments, positions, args.seed)
    corpus.generate(bare, posts, 0, positions, args.seed)
    contents = {"a": full, "b": bare, "c": full, "d": bare}
    runs = {variant: [] for variant in args.variants}
    for repetition in range(args.repeat):
        for variant in args.variants:
            folder = work / f"build-{variant}-{posts}-{repetition}"
            runs[variant].append(build(variant, contents[variant], folder))
            shutil.rmtree(folder)
            print(f"  N={posts} {variant} #{repetition + 1}: "
                  f"{runs[variant][-1]['wall_s']:.2f} s", file=sys.stderr, flush=True)
    builds = {variant: summarise(results) for variant, results in runs.items()}
    record = {"posts": posts, "corpus": counts, "builds": builds, "ratios": ratios(builds)}
    if posts == args.rebuild_at:
        record["rebuild"] = {}
        for variant in [v for v in ("a", "b") if v in args.variants]:
            result = rebuild(variant, contents[variant], work, args.repeat)
            result["ratio_to_full"] = round(result["median_s"] / builds[variant]["median_s"], 3)
            result["cpu_ratio_to_full"] = round(
                result["cpu_median_s"] / builds[variant]["cpu_median_s"], 3)
            record["rebuild"][variant] = result
    shutil.rmtree(full), shutil.rmtree(bare)
    return record


def ratios(builds):
    """a/b, a/c, (a + Pagefind)/b, peak RSS a/b, d/b and a/d, for the builds that ran."""
    result = {}
    if "a" in builds and "b" in builds:
        a, b = builds["a"], builds["b"]
        result["a_b"] = round(a["median_s"] / b["median_s"], 3)
        result["a_total_b"] = round(a["total_median_s"] / b["median_s"], 3)
        result["rss_a_b"] = round(a["peak_rss_mib"] / b["peak_rss_mib"], 3)
        result["cpu_a_b"] = round(a["cpu_median_s"] / b["cpu_median_s"], 3)
    if "a" in builds and "c" in builds:
        result["a_c"] = round(builds["a"]["median_s"] / builds["c"]["median_s"], 3)
        result["cpu_a_c"] = round(builds["a"]["cpu_median_s"] / builds["c"]["cpu_median_s"], 3)
    if "d" in builds and "b" in builds:
        result["d_b"] = round(builds["d"]["median_s"] / builds["b"]["median_s"], 3)
    if "a" in builds and "d" in builds:
        result["a_d"] = round(builds["a"]["median_s"] / builds["d"]["median_s"], 3)
    return result


def linearity(records):
    """t(larger) / t(smaller) for each pair of consecutive sizes."""
    pairs = []
    for small, large in zip(records, records[1:]):
        pairs.append({"from": small["posts"], "to": large["posts"],
                      "size_ratio": round(large["posts"] / small["posts"], 3),
                      **{variant: round(large["builds"][variant]["median_s"]
                                        / small["builds"][variant]["median_s"], 3)
                         for variant in large["builds"]},
                      **{f"cpu_{variant}": round(large["builds"][variant]["cpu_median_s"]
                                                 / small["builds"][variant]["cpu_median_s"], 3)
                         for variant in large["builds"]}})
    return pairs


def table(report):
    """The figures as the plain-text table printed at the end."""
    lines = [f"command: {report['command']}"]
    for record in report["sizes"]:
        counts = record["corpus"]
        lines.append(f"\nN = {record['posts']} articles, {counts['comments']} commentaires, "
                     f"{counts['positions']} positions, {counts['passages']} passages")
        lines.append(f"  {'build':<40} {'médiane s':>10} {'CPU s':>7} {'ms/article':>11}"
                     f" {'RSS Mio':>8}")
        for variant, build_ in record["builds"].items():
            name = VARIANTS[variant]
            lines.append(f"  {variant} {name:<38} {build_['median_s']:>10.2f} "
                         f"{build_['cpu_median_s']:>7.2f} "
                         f"{1000 * build_['median_s'] / record['posts']:>11.1f} "
                         f"{build_['peak_rss_mib']:>8.0f}")
            if "pagefind_median_s" in build_:
                lines.append(f"  {'  + Pagefind':<40} {build_['pagefind_median_s']:>10.2f} "
                             f"{build_['pagefind_cpu_median_s']:>7.2f} "
                             f"{'':>11} {build_['pagefind_peak_rss_mib']:>8.0f}")
        names = {"a_b": "a/b", "a_total_b": "(a + Pagefind)/b", "a_c": "a/c",
                 "rss_a_b": "RSS a/b", "cpu_a_b": "CPU a/b", "cpu_a_c": "CPU a/c",
                 "d_b": "d/b", "a_d": "a/d"}
        if record["ratios"]:
            lines.append("  " + "   ".join(f"{names[key]} = {value:.2f}"
                                          for key, value in record["ratios"].items()))
        for variant, result in record.get("rebuild", {}).items():
            lines.append(f"  rebuild {variant} after editing one post: {result['median_s']:.2f} s"
                         f" = {result['ratio_to_full']:.2f} × full"
                         f" (CPU {result['cpu_ratio_to_full']:.2f} ×), identical output: "
                         + identity(result))
    for pair in report["linearity"]:
        lines.append(f"\nt({pair['to']})/t({pair['from']}) (×{pair['size_ratio']:g} posts): "
                     + "   ".join(f"{v} {pair[v]:.2f} (CPU {pair['cpu_' + v]:.2f})"
                              for v in VARIANTS if v in pair))
    return "\n".join(lines)


def identity(result):
    if result["identical"]:
        return "yes"
    if result["identical_but_build_time"]:
        return "yes but the build time in sitemap.xml"
    return f"NO ({result['differences']} files, e.g. {', '.join(result['first_differences'][:3])})"


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,4000",
                        help="numbers of posts, comma-separated (default: %(default)s)")
    parser.add_argument("--comments", type=int, default=10, help="comments per post")
    parser.add_argument("--positions", type=int, default=None,
                        help="number of positions (default: one for ten posts, at least 10)")
    parser.add_argument("--repeat", type=int, default=3, help="builds of each kind per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true",
                        help="a minute or two: --sizes 40,160 --repeat 2")
    parser.add_argument("--variants", default="a,b,c,d",
                        help="builds to run, among a, b, c, d (default: %(default)s)")
    parser.add_argument("--rebuild-at", type=int, default=None,
                        help="size of the rebuild test (default: the largest; 0: none)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="JSON file to write")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="scratch folder (default: a new temporary folder, removed)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "40,160", 2
    args.sizes = sorted(int(size) for size in args.sizes.split(","))
    if args.rebuild_at is None:
        args.rebuild_at = args.sizes[-1]
    args.variants = [v for v in VARIANTS if v in args.variants.split(",")]
    if not args.variants:
        parser.error("--variants: give some of a, b, c, d")
    return args


def environment():
    import pelican  # only for its version

    return {"python": platform.python_version(), "pelican": pelican.__version__,
            "cpus": os.cpu_count(), "machine": platform.machine(),
            "load_average": [round(load, 2) for load in os.getloadavg()]}


def save(report, path):
    """Write the figures so far (linearity over the sizes done, load now)."""
    report["linearity"] = linearity(report["sizes"])
    report["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    report["environment"]["load_average_end"] = [round(load, 2) for load in os.getloadavg()]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None):
    args = parse(argv)
    report = {"command": "PYTHONPATH=plugins python -m bench " + " ".join(sys.argv[1:] if argv is None else argv),
              "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "environment": environment(),
              "parameters": {"sizes": args.sizes, "comments": args.comments,
                             "positions": args.positions, "repeat": args.repeat,
                             "variants": args.variants, "rebuild_at": args.rebuild_at,
                             "seed": args.seed},
              "sizes": []}
    work = args.workdir or Path(tempfile.mkdtemp(prefix="contrepoint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for posts in args.sizes:
            report["sizes"].append(bench_size(posts, args, work))
            save(report, args.output)  # a long run interrupted keeps what it measured
    except BuildFailed as error:
        print(f"bench: a build failed, {error}", file=sys.stderr)
        return 1
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(report))
    print(f"\nfigures written to {args.output}")
    return 0
