#!/usr/bin/env python3
"""bench/compile_time.py — compile time and peak compiler memory of static models, against dlib.

For each network and size it generates one translation unit per library and compiles it
(-c, no link, -std=c++20) with each compiler at each optimisation level, timed by /usr/bin/time
(wall seconds and the compiler's peak resident set). Every translation unit declares the
network, instantiates it, copies it and runs it once, so that everything a user instantiates is
compiled:

  chain N      scion: Sequential<Input<8>, Dense<8, act::relu> x N>, param_count_v checked,
                      constructed, cloned (clone_model) and run (predict).
               dlib:  loss_mean_squared_multioutput<relu<fc<8, ... input<matrix<float>>>>>,
                      N (fc, relu) pairs nested, constructed, copied and run (net(x)).
  residual B   scion: Functional graph of named node types, one struct per line, no template
                      recursion: block i is h_i = Dense<8, relu>(s_{i-1}), d_i = Dense<8>(h_i),
                      s_i = Add(d_i, s_{i-1}) (s_{-1} is the input x); head y = Dense<4>(s_{B-1}).
               dlib:  add_prev1<fc<8, relu<fc<8, tag1<...>>>>> blocks nested B times, fc<4> head,
                      loss_mean_squared_multioutput; constructed, copied and run.

A "headers" row (the includes and a trivial function, no network) is measured too, so that the
cost of the network itself (time minus headers) can be read off and its growth with depth seen.
--use-repeat writes the N layers or blocks with each library's repetition construct instead
(scion::Repeat<N, Block> on a Functional block, dlib::repeat<N, block, tag10<input>>).

The measurements run one at a time by default (--jobs 1) so that they do not disturb each other.
A compilation that fails prints its first error line to stderr and shows "error" in the table;
one that runs longer than --timeout seconds is killed and shows ">timeout". A wall time marked
"*" was taken while the compiler had the CPU for less than 80 % of it (a busy machine): rerun,
or report the compiler's CPU time with --clock cpu; --repeat N keeps the fastest of N runs.

Usage:
  python3 bench/compile_time.py                       # everything: chains 40,80,160, residual
                                                      # 10,25,50 blocks, g++ and clang++,
                                                      # -O0 and -O2, scion and dlib
  python3 bench/compile_time.py --only chain --no-dlib --opts -O0 --depths 40,80,160,320,640
  python3 bench/compile_time.py --repeat 2 --clock cpu   # the figures in bench/README.md
  python3 bench/compile_time.py --use-repeat --no-headers --depths 40,160 --blocks 10,50
  python3 bench/compile_time.py --units --compilers g++ --opts -O2 --repeat 2 --clock cpu
                                                      # a user's files: <scion/dynamic.hpp>
                                                      # and quickstart against Eigen + JSON

Exit status: 1 if a scion translation unit failed to compile or timed out, 0 otherwise (dlib's
results do not change it).
"""
import argparse
import concurrent.futures
import os
import pathlib
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

# --- translation units -------------------------------------------------------------------------

SCION_HEADERS = """#include <scion/scion.hpp>
int run() {{ return scion::Shape{{1, 8}}.rank() == 2 ? 0 : 1; }}
"""

SCION_CHAIN = """#include <scion/scion.hpp>
#include <cstddef>
#include <utility>
template <std::size_t, class T> using always = T;
template <class> struct chain;
template <std::size_t... I> struct chain<std::index_sequence<I...>> {{
    using type = scion::Sequential<scion::Input<8>, always<I, scion::Dense<8, scion::act::relu>>...>;
}};
using M = chain<std::make_index_sequence<{n}>>::type;
static_assert(scion::param_count_v<M> == {n} * 72);
int run() {{
    M m{{scion::seed{{1}}}};
    auto c = scion::clone_model(m);
    return c.predict(scion::Tensor(scion::Shape{{1, 8}})).size() == 8 ? 0 : 1;
}}
"""

SCION_RESIDUAL = """#include <scion/scion.hpp>
struct x : scion::Input<8> {{}};
{nodes}
struct y : scion::Call<scion::Dense<4>, {last}> {{}};
using M = scion::Functional<scion::Inputs<x>, scion::Outputs<y>>;
static_assert(scion::param_count_v<M> == {blocks} * 144 + 36);
int run() {{
    M m{{scion::seed{{1}}}};
    auto c = scion::clone_model(m);
    return c.predict(scion::Tensor(scion::Shape{{1, 8}})).size() == 4 ? 0 : 1;
}}
"""

DLIB_HEADERS = """#include <dlib/dnn.h>
int run() {{ dlib::matrix<float> x(8, 1); x = 0; return x.size() == 8 ? 0 : 1; }}
"""

DLIB_RUN = """int run() {{
    net_type net;
    net_type c = net;
    dlib::matrix<float> x(8, 1);
    x = 0;
    dlib::matrix<float> y = c(x);
    return y.size() == {out} ? 0 : 1;
}}
"""

DLIB_CHAIN = """#include <dlib/dnn.h>
template <class SUBNET> using dense_relu = dlib::relu<dlib::fc<8, SUBNET>>;
using net_type = dlib::loss_mean_squared_multioutput<
{open}dlib::input<dlib::matrix<float>>{close}>;
""" + DLIB_RUN

DLIB_RESIDUAL = """#include <dlib/dnn.h>
template <class SUBNET> using block = dlib::add_prev1<dlib::fc<8, dlib::relu<dlib::fc<8, dlib::tag1<SUBNET>>>>>;
using net_type = dlib::loss_mean_squared_multioutput<dlib::fc<4,
{open}dlib::input<dlib::matrix<float>>{close}>>;
""" + DLIB_RUN


SCION_REPEAT_CHAIN = """#include <scion/scion.hpp>
struct bx : scion::Input<8> {{}};
struct bh : scion::Call<scion::Dense<8, scion::act::relu>, bx> {{}};
using Block = scion::Functional<scion::Inputs<bx>, scion::Outputs<bh>>;
struct x : scion::Input<8> {{}};
struct stage : scion::Call<scion::Repeat<{n}, Block>, x> {{}};
using M = scion::Functional<scion::Inputs<x>, scion::Outputs<stage>>;
static_assert(scion::param_count_v<M> == {n} * 72);
int run() {{
    M m{{scion::seed{{1}}}};
    auto c = scion::clone_model(m);
    return c.predict(scion::Tensor(scion::Shape{{1, 8}})).size() == 8 ? 0 : 1;
}}
"""

SCION_REPEAT_RESIDUAL = """#include <scion/scion.hpp>
struct bx : scion::Input<8> {{}};
struct bh : scion::Call<scion::Dense<8, scion::act::relu>, bx> {{}};
struct bd : scion::Call<scion::Dense<8>, bh> {{}};
struct bs : scion::Call<scion::Add, bd, bx> {{}};
using Block = scion::Functional<scion::Inputs<bx>, scion::Outputs<bs>>;
struct x : scion::Input<8> {{}};
struct stage : scion::Call<scion::Repeat<{n}, Block>, x> {{}};
struct y : scion::Call<scion::Dense<4>, stage> {{}};
using M = scion::Functional<scion::Inputs<x>, scion::Outputs<y>>;
static_assert(scion::param_count_v<M> == {n} * 144 + 36);
int run() {{
    M m{{scion::seed{{1}}}};
    auto c = scion::clone_model(m);
    return c.predict(scion::Tensor(scion::Shape{{1, 8}})).size() == 4 ? 0 : 1;
}}
"""

DLIB_REPEAT_CHAIN = """#include <dlib/dnn.h>
template <class SUBNET> using dense_relu = dlib::relu<dlib::fc<8, SUBNET>>;
using net_type = dlib::loss_mean_squared_multioutput<
dlib::repeat<{n}, dense_relu, dlib::tag10<dlib::input<dlib::matrix<float>>>>>;
""" + DLIB_RUN

DLIB_REPEAT_RESIDUAL = """#include <dlib/dnn.h>
template <class SUBNET> using block = dlib::add_prev1<dlib::fc<8, dlib::relu<dlib::fc<8, dlib::tag1<SUBNET>>>>>;
using net_type = dlib::loss_mean_squared_multioutput<dlib::fc<4,
dlib::repeat<{n}, block, dlib::tag10<dlib::input<dlib::matrix<float>>>>>>;
""" + DLIB_RUN


# --- --units: what a user's file costs, against a file that includes only Eigen and JSON ----------

UNIT_BASELINE = """#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <cstdio>
int main(int argc, char** argv) {
    Eigen::MatrixXf a = Eigen::MatrixXf::Random(argc + 3, 4);
    const auto j = nlohmann::json::parse(argc > 1 ? argv[1] : "{\\"a\\": 1}");
    std::printf("%g\\n", static_cast<double>((a * a.transpose()).sum()) + j.value("a", 0));
}
"""

UNIT_DYNAMIC = """#include <scion/dynamic.hpp>
#include <cstdio>
int main(int argc, char** argv) {
    if (argc < 2) return 2;
    const scion::dynamic::Model m = scion::dynamic::load_layers_model(argv[1]);
    std::vector<scion::Tensor> xs;
    for (const auto& in : m.inputs()) xs.emplace_back(in.shape().prepend(1));
    const auto ys = m.predict(xs);
    const scion::dynamic::Model c = scion::clone_model(m);
    std::printf("%zu %zu %zu\\n", m.count_params(), ys.size(), c.count_params());
}
"""


def unit_sources():
    """(name, source text or path) of the --units translation units."""
    return [("Eigen + nlohmann-json (baseline)", UNIT_BASELINE),
            ("<scion/dynamic.hpp>: load, predict, clone", UNIT_DYNAMIC),
            ("examples/quickstart.cpp", ROOT / "examples" / "quickstart.cpp")]


def run_units(args, compilers, opts):
    """Compiles each --units TU with each compiler and option; prints time, memory and the
    ratio to the baseline measured in the same run."""
    scion_flags = [f"-I{args.scion_include}", f"-I{ROOT / 'examples'}"] + pkg_cflags("eigen3", "nlohmann_json")
    with tempfile.TemporaryDirectory(prefix="scion-units-") as tmp:
        files = []
        for i, (name, text) in enumerate(unit_sources()):
            if isinstance(text, pathlib.Path):
                files.append((name, text))
            else:
                f = pathlib.Path(tmp) / f"unit{i}.cpp"
                f.write_text(text)
                files.append((name, f))
        print(f"| compiler | opt | translation unit | {args.clock} s | peak MB | x baseline |")
        print("|---|---|---|---:|---:|---:|")
        for c in compilers:
            for o in opts:
                base = None
                for name, f in files:
                    best = None
                    for _ in range(args.repeat):
                        r = measure(c, o, scion_flags, f, args.timeout)
                        if r[0] != "ok":
                            best = r
                            break
                        key = r[3] if args.clock == "cpu" else r[1]
                        if best is None or key < (best[3] if args.clock == "cpu" else best[1]):
                            best = r
                    if best[0] != "ok":
                        print(f"| {c} | {o} | {name} | {best[0]} | | |")
                        continue
                    t = best[3] if args.clock == "cpu" else best[1]
                    if base is None:
                        base = t
                    print(f"| {c} | {o} | {name} | {t:.1f} | {best[2]:.0f} | {t / base:.2f} |")
    return 0


def scion_residual_nodes(blocks):
    lines = []
    prev = "x"
    for i in range(blocks):
        lines.append(f"struct h{i} : scion::Call<scion::Dense<8, scion::act::relu>, {prev}> {{}};")
        lines.append(f"struct d{i} : scion::Call<scion::Dense<8>, h{i}> {{}};")
        lines.append(f"struct s{i} : scion::Call<scion::Add, d{i}, {prev}> {{}};")
        prev = f"s{i}"
    return "\n".join(lines), prev


def source(library, network, size, use_repeat=False):
    """The translation unit for (library, network, size); network "headers" ignores size.
    use_repeat: write the N layers or blocks with the library's repetition construct."""
    if library == "scion":
        if network == "headers":
            return SCION_HEADERS.format()
        if use_repeat:
            return (SCION_REPEAT_CHAIN if network == "chain" else SCION_REPEAT_RESIDUAL).format(n=size)
        if network == "chain":
            return SCION_CHAIN.format(n=size)
        nodes, last = scion_residual_nodes(size)
        return SCION_RESIDUAL.format(nodes=nodes, last=last, blocks=size)
    if network == "headers":
        return DLIB_HEADERS.format()
    if use_repeat:
        return (DLIB_REPEAT_CHAIN if network == "chain" else DLIB_REPEAT_RESIDUAL).format(
            n=size, out=8 if network == "chain" else 4)
    if network == "chain":
        return DLIB_CHAIN.format(open="dense_relu<" * size, close=">" * size, out=8)
    return DLIB_RESIDUAL.format(open="block<" * size, close=">" * size, out=4)


# --- compiling and timing ----------------------------------------------------------------------

def pkg_cflags(*packages):
    """pkg-config --cflags, with -I turned into -isystem so that warnings stay the project's own."""
    p = subprocess.run(["pkg-config", "--cflags", *packages], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"pkg-config --cflags {' '.join(packages)} failed: {p.stderr.strip()}")
    return ["-isystem" + f[2:] if f.startswith("-I") else f for f in p.stdout.split()]


def library_flags(library, scion_include):
    if library == "scion":
        return [f"-I{scion_include}"] + pkg_cflags("eigen3", "nlohmann_json")
    return pkg_cflags("dlib-1")


def first_error(stderr):
    for line in stderr.splitlines():
        if re.search(r"\b(fatal )?error\b", line):
            return line.strip()
    lines = [line for line in stderr.splitlines() if line.strip()]
    return lines[0].strip() if lines else "(no output)"


def measure(compiler, opt, flags, src, timeout):
    """Returns ("ok", wall seconds, MB, CPU seconds), ("error", first error line, None) or
    ("timeout", None, None)."""
    cmd = ["/usr/bin/time", "-f", "@@time %e %M %U %S", compiler, "-std=c++20", opt, "-c", "-o",
           os.devnull, *flags, str(src)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return "timeout", None, None
    m = re.search(r"^@@time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)$", err, re.M)
    if p.returncode != 0 or not m:
        return "error", first_error(err), None
    return "ok", float(m.group(1)), int(m.group(2)) / 1024, float(m.group(3)) + float(m.group(4))


def busy(result):
    """Whether the compiler had the CPU for less than 80 % of its wall time: something else was
    running, and the wall time overstates the cost (compilers are single-threaded)."""
    return result[0] == "ok" and result[1] > 1.25 * result[3] + 0.5


def cell(result, clock="wall"):
    status, t, mb = result[:3]
    if status == "ok":
        if clock == "cpu":
            return f"{result[3]:.1f} s / {mb:.0f} MB"
        return f"{t:.1f} s / {mb:.0f} MB" + (" *" if busy(result) else "")
    return ">timeout" if status == "timeout" else "error"


def version(compiler):
    p = subprocess.run([compiler, "--version"], capture_output=True, text=True)
    return p.stdout.splitlines()[0] if p.returncode == 0 and p.stdout else compiler


def dlib_version():
    p = subprocess.run(["pkg-config", "--modversion", "dlib-1"], capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else "?"


# --- main ----------------------------------------------------------------------------------------

def sizes(text):
    return [int(s) for s in text.split(",") if s.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--depths", default="40,80,160", help="chain depths in layers (default 40,80,160)")
    ap.add_argument("--blocks", default="10,25,50", help="residual blocks (default 10,25,50)")
    ap.add_argument("--compilers", default="g++,clang++")
    ap.add_argument("--opts", "--opt", dest="opts", default="-O0,-O2",
                    help="optimisation levels (default -O0,-O2); --opt is an alias")
    ap.add_argument("--only", choices=["chain", "residual"], help="measure one kind of network")
    ap.add_argument("--no-dlib", action="store_true", help="measure scion alone")
    ap.add_argument("--no-scion", action="store_true", help="measure dlib alone")
    ap.add_argument("--no-headers", action="store_true", help="skip the headers-only row")
    ap.add_argument("--timeout", type=float, default=400, help="seconds per compilation (default 400)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="compile each unit N times and keep the fastest (default 1)")
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                    help="report wall time (default) or the compiler's user+system CPU time, "
                         "which a busy machine disturbs less")
    ap.add_argument("--jobs", type=int, default=1, help="compilations at once (default 1)")
    ap.add_argument("--units", action="store_true",
                    help="measure a user's translation units instead (a file that loads, predicts and "
                         "clones a model through <scion/dynamic.hpp>; examples/quickstart.cpp) against "
                         "an Eigen + nlohmann-json file, with ratios")
    ap.add_argument("--dlib-template-depth", type=int, default=0,
                    help="pass -ftemplate-depth=N to dlib compilations (default: compiler's own)")
    ap.add_argument("--use-repeat", action="store_true",
                    help="write the N layers or blocks with each library's repetition construct, "
                         "scion::Repeat<N, Block> and dlib::repeat<N, block, ...>, instead of "
                         "one node (scion) or one nesting level (dlib) per layer")
    ap.add_argument("--scion-include", default=str(ROOT / "include"),
                    help="scion's include directory (default: this checkout's include/)")
    # "--opts -O0" would read -O0 as an option: join such pairs into "--opts=-O0".
    argv = sys.argv[1:]
    for i in range(len(argv) - 1):
        if argv[i] in ("--opts", "--opt") and argv[i + 1].startswith("-"):
            argv[i:i + 2] = [f"--opts={argv[i + 1]}", ""]
    args = ap.parse_args([a for a in argv if a != ""])

    compilers = []
    for c in args.compilers.split(","):
        if shutil.which(c):
            compilers.append(c)
        else:
            print(f"skipping {c}: not found", file=sys.stderr)
    if not compilers:
        sys.exit("no compiler found")
    opts = [o for o in args.opts.split(",") if o]
    if args.units:
        sys.exit(run_units(args, compilers, opts))
    if args.no_scion and args.no_dlib:
        sys.exit("--no-scion and --no-dlib: nothing to measure")
    libraries = [] if args.no_scion else ["scion"]
    if not args.no_dlib:
        if subprocess.run(["pkg-config", "--exists", "dlib-1"]).returncode == 0:
            libraries.append("dlib")
        else:
            print("skipping dlib: pkg-config dlib-1 not found (apt-get install libdlib-dev)",
                  file=sys.stderr)

    rows = []
    if not args.no_headers:
        rows.append(("headers", 0))
    if args.only in (None, "chain"):
        rows += [("chain", n) for n in sizes(args.depths)]
    if args.only in (None, "residual"):
        rows += [("residual", b) for b in sizes(args.blocks)]
    columns = [(c, o, lib) for o in opts for c in compilers for lib in libraries]
    flags = {lib: library_flags(lib, args.scion_include) for lib in libraries}
    if args.dlib_template_depth and "dlib" in flags:
        flags["dlib"].append(f"-ftemplate-depth={args.dlib_template_depth}")

    setup = (", ".join(version(c) for c in compilers)
             + (f", dlib {dlib_version()}" if "dlib" in libraries else "")
             + f"; {os.cpu_count()} cores, {platform.machine()}")
    print("# " + setup, file=sys.stderr)

    results = {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for network, size in rows:
            for lib in libraries:
                src = pathlib.Path(tmp) / f"{lib}_{network}_{size}.cpp"
                src.write_text(source(lib, network, size, args.use_repeat))
                for c, o, l in columns:
                    if l == lib:
                        jobs.append((network, size, c, o, lib, src))

        def one(job):
            network, size, c, o, lib, src = job
            r = measure(c, o, flags[lib], src, args.timeout)
            key = 3 if args.clock == "cpu" else 1
            for _ in range(args.repeat - 1):   # the fastest of several runs; memory barely varies
                if r[0] != "ok":
                    break
                again = measure(c, o, flags[lib], src, args.timeout)
                if again[0] == "ok" and again[key] < r[key]:
                    r = again
            label = f"{lib} {network} {size if network != 'headers' else ''} {c} {o}".replace("  ", " ")
            if r[0] == "error":
                print(f"{label}: error: {r[1]}", file=sys.stderr, flush=True)
            else:
                cpu = f" (cpu {r[3]:.1f} s)" if r[0] == "ok" else ""
                print(f"{label}: {cell(r)}{cpu}", file=sys.stderr, flush=True)
            return job, r

        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for job, r in pool.map(one, jobs):
                network, size, c, o, lib, _ = job
                results[(network, size, c, o, lib)] = r
    elapsed = time.monotonic() - started

    # One table per optimisation level: one row per network and size, one column per
    # (compiler, library), each cell "wall time / peak memory of the compiler".
    for o in opts:
        cols = [(c, lib) for c in compilers for lib in libraries]
        print(f"\n{o}\n")
        print("| network | " + " | ".join(f"{lib} {c}" for c, lib in cols) + " |")
        print("|---|" + "---:|" * len(cols))
        for network, size in rows:
            name = "headers only" if network == "headers" else (
                f"chain, {size} layers" if network == "chain"
                else f"residual, {size} block{'s' if size != 1 else ''} ({3 * size + 1} layers)")
            print(f"| {name} | " + " | ".join(cell(results[(network, size, c, o, lib)], args.clock)
                                              for c, lib in cols) + " |")
    if args.clock == "wall" and any(busy(r) for r in results.values()):
        print("\n\\* the compiler had the CPU for less than 80 % of that wall time: the machine was "
              "busy, the figure overstates the cost; rerun, or use --clock cpu")

    # Growth: time ratio between consecutive sizes, whole compile and network alone (minus the
    # headers row). For linear growth the network-alone ratio equals the size ratio.
    def ok_time(network, size, c, o, lib):
        r = results.get((network, size, c, o, lib))
        return (r[3] if args.clock == "cpu" else r[1]) if r and r[0] == "ok" else None

    growth = []
    for network in ("chain", "residual"):
        ns = [s for n, s in rows if n == network]
        for lib in libraries:
            for c in compilers:
                for o in opts:
                    parts = []
                    base = ok_time("headers", 0, c, o, lib)
                    for a, b in zip(ns, ns[1:]):
                        ta, tb = ok_time(network, a, c, o, lib), ok_time(network, b, c, o, lib)
                        if ta is None or tb is None:
                            continue
                        text = f"t({b})/t({a}) = {tb / ta:.2f}"
                        if base is not None and ta - base > 0.05:
                            text += f", network alone {(tb - base) / (ta - base):.2f} (size x{b / a:.2f})"
                        parts.append(text)
                    if parts:
                        growth.append(f"growth {lib} {network} {c} {o}: " + "; ".join(parts))
    if growth:
        print("\n" + "\n".join(growth))

    # The targets, where this run measured them (on the networks written out in full).
    print()
    if args.use_repeat:
        targets = []
    else:
        targets = [("chain", 160, "time", 15.0), ("chain", 160, "memory", 1536.0),
                   ("residual", 50, "time", 20.0)]
    for network, size, what, limit in targets:
        r = results.get((network, size, "g++", "-O0", "scion"))
        if r is None:
            continue
        if r[0] != "ok":
            print(f"target scion {network} {size} g++ -O0 {what}: {cell(r)} (target < {limit:g}) not met")
            continue
        value, unit = (r[3] if args.clock == "cpu" else r[1], "s") if what == "time" else (r[2], "MB")
        print(f"target scion {network} {size} g++ -O0 {what}: {value:.1f} {unit} "
              f"(target < {limit:g} {unit}) {'met' if value < limit else 'not met'}")
    for (network, size, c, o, lib), r in results.items():
        if lib == "scion" and network == "chain" and size >= 640 and not args.use_repeat:
            print(f"target scion chain {size} compiles ({c} {o}): {'met' if r[0] == 'ok' else 'not met'}")
    print(f"\n{setup}\n{len(results)} compilations in {elapsed:.0f} s")

    failed = any(r[0] != "ok" for (_, _, _, _, lib), r in results.items() if lib == "scion")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
