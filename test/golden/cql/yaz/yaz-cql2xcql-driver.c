#include <stdio.h>
#include <yaz/cql.h>
int main(int argc, char **argv) {
  CQL_parser cp = cql_parser_create();
  int r = cql_parser_string(cp, argv[1]);
  if (r) fprintf(stderr, "Syntax error\n"); else cql_to_xml_stdio(cql_parser_result(cp), stdout);
  cql_parser_destroy(cp); return 0;
}
