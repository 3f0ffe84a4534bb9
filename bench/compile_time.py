#!/usr/bin/env python3
"""bench/compile_time.py — compile time and peak compiler memory of static models, by depth.

For each depth N it generates a translation unit declaring a chain
Sequential<Input<8>, Dense<8, act::relu> x N>, checking its parameter count at compile time,
constructing it, cloning it and predicting (so that everything a user instantiates is measured),
and compiles it with g++ and clang++ at -O0 (-c, no link), timed by /usr/bin/time. Prints a
markdown table. Growth should be about linear in N: nothing in scion recurses as deep as the model.

Usage: python3 bench/compile_time.py [--depths 40,80,160,320,640] [--compilers g++,clang++] [--opt -O0]
"""
import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

TEMPLATE = """#include <scion/scion.hpp>
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


def eigen_flags():
    out = subprocess.run(["pkg-config", "--cflags", "eigen3"], capture_output=True, text=True, check=True).stdout
    return [f.replace("-I", "-isystem", 1) if f.startswith("-I") else f for f in out.split()]


def measure(compiler, source, opt):
    cmd = ["/usr/bin/time", "-f", "%e %M", compiler, "-std=c++20", opt, "-c", "-o", "/dev/null",
           f"-I{ROOT / 'include'}"] + eigen_flags() + [str(source)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    last = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    m = re.fullmatch(r"([\d.]+) (\d+)", last)
    if p.returncode != 0 or not m:
        return None, p.stderr[-2000:]
    return (float(m.group(1)), int(m.group(2)) / 1024), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--depths", default="40,80,160,320,640")
    ap.add_argument("--compilers", default="g++,clang++")
    ap.add_argument("--opt", default="-O0")
    args = ap.parse_args()
    depths = [int(d) for d in args.depths.split(",")]
    compilers = [c for c in args.compilers.split(",") if shutil.which(c)]
    rows = []
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for n in depths:
            src = pathlib.Path(tmp) / f"chain_{n}.cpp"
            src.write_text(TEMPLATE.format(n=n))
            cells = []
            for c in compilers:
                result, err = measure(c, src, args.opt)
                if result is None:
                    failed = True
                    print(f"{c} failed on depth {n}:\n{err}", file=sys.stderr)
                    cells.append("failed")
                else:
                    cells.append(f"{result[0]:.1f} s, {result[1]:.0f} MB")
            rows.append((n, cells))
    print(f"| layers | " + " | ".join(f"{c} {args.opt}" for c in compilers) + " |")
    print("|---:|" + "---:|" * len(compilers))
    for n, cells in rows:
        print(f"| {n} | " + " | ".join(cells) + " |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
