#!/bin/sh
# Stands up Zebra (idzebra-2.0) with SRU on 127.0.0.1:$PORT over MARCXML files, following
# research/sru-z3950.md §5.1 (the Debian example DOM/ICU configuration with its two fixes).
# usage: sh zebra-setup.sh DIR PORT FILE.xml...      (prints the zebrasrv pid; stop with kill PID)
set -eu
W=$1; PORT=$2; shift 2
EX=$(dirname "$(dpkg -L idzebra-2.0-examples | grep 'marcxml/README$')")
TAB=$(dpkg -L idzebra-2.0-common | grep '/tab$')
PQF=$(dpkg -L libyaz-dev | grep '/pqf.properties$')
rm -rf "$W"; mkdir -p "$W/reg" "$W/shadow"
for f in "$@"; do cp "$f" "$W/"; done
cd "$W"
cp "$EX"/*.xml "$EX"/*.xsl . 2>/dev/null || true
rm -f collection-*.xml
for f in "$EX"/*.xsl.gz; do gunzip -c "$f" > "$(basename "$f" .gz)"; done
# 1. the LoC stylesheets import MARC21slimUtils.xsl from loc.gov: use the local copy
sed -i -E 's#href="http://www.loc.gov/(standards/)?marcxml/xslt/MARC21slimUtils.xsl"#href="MARC21slimUtils.xsl"#' MARC21slim2*.xsl
# 2. index ISBN/ISSN as words; add Any(1016), Local-number(12), Identifier-standard(1007), a title sort key
python3 - <<'PY'
p='MARC21slim2INDEX.xsl'; s=open(p).read()
s=s.replace('name="ISBN:n"','name="ISBN:w"').replace('name="ISSN:n"','name="ISSN:w"')
s=s.replace('<xsl:call-template name="bib1_rules"/>','''<xsl:call-template name="bib1_rules"/>
  <xsl:for-each select="marc:datafield/marc:subfield"><z:index name="Any:w"><xsl:value-of select="."/></z:index></xsl:for-each>
  <z:index name="Local-number:w"><xsl:value-of select="$controlField001"/></z:index>
  <xsl:for-each select="marc:datafield[@tag='020' or @tag='022']/marc:subfield[@code='a']"><z:index name="Identifier-standard:w"><xsl:value-of select="."/></z:index></xsl:for-each>
  <z:index name="Title:s"><xsl:value-of select="marc:datafield[@tag='245']/marc:subfield[@code='a']"/></z:index>''',1)
open(p,'w').write(s)
PY
cat > zebra.cfg <<CFG
profilePath: .:$TAB
recordtype: dom.dom-config.xml
attset: bib1.att
attset: explain.att
index: icu.idx
encoding: utf-8
register: ./reg:2G
shadow: ./shadow:2G
CFG
cp "$PQF" .
cat > yazgfs.xml <<GFS
<?xml version="1.0"?>
<yazgfs>
  <listen id="lo">tcp:127.0.0.1:$PORT</listen>
  <server id="main" listenref="lo">
    <config>zebra.cfg</config>
    <cql2rpn>pqf.properties</cql2rpn>
    <retrievalinfo>
      <retrieval syntax="xml" name="marcxml" identifier="info:srw/schema/1/marcxml-v1.1"><backend syntax="xml" name="marc"/></retrieval>
      <retrieval syntax="xml" name="dc" identifier="info:srw/schema/1/dc-v1.1"><backend syntax="xml" name="dc"/></retrieval>
    </retrievalinfo>
  </server>
</yazgfs>
GFS
files=""; for f in "$@"; do files="$files $(basename "$f")"; done
zebraidx -c zebra.cfg init >/dev/null 2>&1
# shellcheck disable=SC2086
zebraidx -c zebra.cfg update $files >zebraidx.log 2>&1
zebraidx -c zebra.cfg commit >>zebraidx.log 2>&1
zebrasrv -f yazgfs.xml -l zebrasrv.log >/dev/null 2>&1 &
echo $!
