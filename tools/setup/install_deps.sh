#!/usr/bin/env bash
# Installs every Debian 12 package dolly builds, tests and runs with.
# Idempotent: packages already present are left alone and, when nothing is
# missing, apt is not touched at all. Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
  # toolchain and build
  g++ bazel-bootstrap pkg-config
  # artifacts
  libthrift-dev thrift-compiler
  # vision and geometry
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libopencv-calib3d-dev
  libopencv-video-dev libeigen3-dev libceres-dev libgoogle-glog-dev libgflags-dev
  # media
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
  # glTF export (Debian builds tinygltf as libtinygltf.so)
  libtinygltf-dev
  # learned stages (LibTorch on CPU; OpenBLAS keeps its matrix products fast)
  libtorch-dev libopenblas0-pthread
  # command line, JSON, tests
  libcli11-dev nlohmann-json3-dev libboost-test-dev
  # pipelines (CWL workflows run locally; nodejs evaluates their expressions;
  # Debian's cwltool needs setuptools at run time but only recommends it;
  # toil (5.9) runs the same workflows on a cluster - toil-cwl-runner with
  # --batchSystem single_machine|slurm|kubernetes - and in animate_toil_test)
  cwltool nodejs python3-setuptools toil
)

die() {
  echo "install_deps: $*" >&2
  exit 1
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "install_deps: all ${#PACKAGES[@]} packages present" >&2
  exit 0
fi

[[ $(id -u) == 0 ]] || die "need root to install: ${missing[*]} (run with sudo)"
command -v apt-get >/dev/null || die "apt-get not found: dolly's set-up expects Debian 12"
if [[ -r /etc/os-release ]]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  [[ ${VERSION_CODENAME:-} == bookworm ]] ||
    echo "install_deps: warning: this is ${PRETTY_NAME:-unknown}, not Debian 12 (bookworm)" >&2
fi

echo "install_deps: installing ${#missing[@]} packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || die "apt-get update failed (no network or broken sources?)"
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
  die "apt-get install failed for: ${missing[*]}"

for pkg in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || die "package $pkg is still not installed"
done
echo "install_deps: done" >&2
