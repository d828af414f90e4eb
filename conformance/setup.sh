#!/usr/bin/env bash
# Installs the reference clients the conformance suites drive (Debian packages).
set -euo pipefail
need=(yaz libxml2-utils xsltproc idzebra-2.0 libhttp-oai-perl libcatmandu-oai-perl)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
for c in yaz-client zoomsh yaz-marcdump xmllint xsltproc zebraidx; do command -v "$c" >/dev/null || { echo "missing $c"; exit 1; }; done
perl -MHTTP::OAI -e1
echo "conformance tools ready"
