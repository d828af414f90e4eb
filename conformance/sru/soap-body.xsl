<?xml version="1.0" encoding="UTF-8"?>
<!-- The element in a SOAP 1.1 Body (SRW, the SOAP binding of SRU 1.x), as its own document. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:template match="/">
    <xsl:copy-of select="/soap:Envelope/soap:Body/*[1]"/>
  </xsl:template>
</xsl:stylesheet>
