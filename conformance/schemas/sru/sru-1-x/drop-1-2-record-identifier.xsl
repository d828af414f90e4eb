<?xml version="1.0" encoding="UTF-8"?>
<!--
  Written here (not a copy). SRU 1.2 added one element to the record structure (sru-1-2.html,
  "Record Parameters" table and "What's new in 1.2" item 1): an optional recordIdentifier
  (xsd:string) between recordData and recordPosition. The only stored srw-types.xsd is the 1.1
  schema ("Version 1.1, 20 July 2004"), which does not have it. Rather than edit the schema, a 1.2
  response is validated after this identity transform removes each recordIdentifier that sits
  exactly where 1.2 puts it (directly after recordData, text only). Any other recordIdentifier (a
  second one, a misplaced one, one with element content) is kept, so the schema still rejects it.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:srw="http://www.loc.gov/zing/srw/">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="@*|node()">
    <xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="srw:record/srw:recordIdentifier[preceding-sibling::*[1][self::srw:recordData]][not(*)]"/>
</xsl:stylesheet>
