# shellcheck shell=bash
# Shared helpers for the scion scripts. Source it, do not execute it:
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
#
# Provides:
#   SCION_ROOT                 absolute path of the repository root
#   scion_ensure_deps          check (and, if allowed, install) the Debian packages
#   scion_ensure_peer_deps     the same, and the packages bench_peers needs (dlib, libtorch)
#   scion_setup DIR [ARGS...]  meson setup / reconfigure / wipe of a build dir
#
# Environment:
#   SCION_NO_APT=1   never try to install missing packages, just report them

# Repository root, derived from this file's own location (scripts/..).
SCION_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
export SCION_ROOT

# Debian packages needed to build, test and benchmark scion.
SCION_DEPS=(
    g++
    clang
    meson
    ninja-build
    libboost-dev
    libboost-test-dev
    libeigen3-dev
    nlohmann-json3-dev
    pkg-config
    libbenchmark-dev
    graphviz
)

scion_log() {
    printf '==> %s\n' "$*"
}

# True if Debian package $1 is installed (not merely known or "config-files").
scion_pkg_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" || return 1
    [[ "$status" == "install ok installed" ]]
}

# Packages that only bench_peers needs (bench/run peers checks them, scion_ensure_peer_deps): dlib
# and libtorch; OpenBLAS's pthread build, which libtorch and dlib then load as their BLAS (with
# --no-install-recommends apt would otherwise satisfy libblas.so.3 with the reference BLAS); and
# the development links that dlib's pkg-config file names but libdlib-dev does not pull in.
SCION_PEER_DEPS=(
    libdlib-dev
    libtorch-dev
    libopenblas0-pthread
    libblas-dev
    liblapack-dev
    libjpeg-dev
)

# Check that every package in SCION_DEPS (and, for scion_ensure_peer_deps, SCION_PEER_DEPS) is
# installed. Missing ones are installed with apt-get when that is possible (running as root, or
# via passwordless sudo) and not forbidden by SCION_NO_APT=1; otherwise print what is missing
# and how to install it, and exit 1.
scion_ensure_deps() {
    scion_ensure_packages "${SCION_DEPS[@]}"
}
scion_ensure_peer_deps() {
    scion_ensure_packages "${SCION_DEPS[@]}" "${SCION_PEER_DEPS[@]}"
}

# scion_ensure_packages PKG... — what the two above do, for the packages given.
scion_ensure_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "warning: dpkg-query not found (not a Debian system?); not checking packages: $*" >&2
        return 0
    fi

    local pkg
    local -a missing=()
    for pkg in "$@"; do
        if ! dpkg -s "$pkg" >/dev/null 2>&1 || ! scion_pkg_installed "$pkg"; then
            missing+=("$pkg")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        return 0
    fi

    local -a sudo=()
    local can_apt=0
    if [[ "${SCION_NO_APT:-0}" != "1" ]] && command -v apt-get >/dev/null 2>&1; then
        if [[ "$(id -u)" -eq 0 ]]; then
            can_apt=1
        elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
            can_apt=1
            sudo=(sudo -n)
        fi
    fi

    if [[ $can_apt -eq 0 ]]; then
        {
            echo "error: missing Debian packages: ${missing[*]}"
            if [[ "${SCION_NO_APT:-0}" == "1" ]]; then
                echo "(not installing them because SCION_NO_APT=1)"
            fi
            echo "install them with:"
            echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
        } >&2
        exit 1
    fi

    scion_log "installing missing packages: ${missing[*]}"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update \
        || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "${missing[@]}"; then
        echo "error: apt-get failed to install: ${missing[*]}" >&2
        exit 1
    fi

    local -a still=()
    for pkg in "${missing[@]}"; do
        scion_pkg_installed "$pkg" || still+=("$pkg")
    done
    if [[ ${#still[@]} -ne 0 ]]; then
        echo "error: packages still missing after apt-get install: ${still[*]}" >&2
        exit 1
    fi
    return 0
}

# scion_setup BUILD_DIR [meson args...]
# Configure BUILD_DIR: a fresh `meson setup` when it has no build.ninja yet,
# otherwise `meson setup --reconfigure` with the same arguments, falling back
# to `meson setup --wipe` if reconfiguring fails. Environment variables such as
# CXX only take effect on a fresh setup or a wipe (meson caches the compiler).
# Relative BUILD_DIR paths are resolved from the current directory.
scion_setup() {
    if [[ $# -lt 1 ]]; then
        echo "usage: scion_setup BUILD_DIR [meson args...]" >&2
        return 2
    fi
    local dir="$1"
    shift

    if [[ ! -f "$dir/build.ninja" ]]; then
        meson setup "$@" "$dir" "$SCION_ROOT"
        return
    fi
    if meson setup --reconfigure "$@" "$dir" "$SCION_ROOT"; then
        return 0
    fi
    echo "warning: 'meson setup --reconfigure' failed for $dir; retrying with --wipe" >&2
    meson setup --wipe "$@" "$dir" "$SCION_ROOT"
}
