#!/usr/bin/perl
# Full ListRecords harvest with HTTP::OAI (Debian libhttp-oai-perl), following resumption tokens.
# Prints one line per record: identifier TAB datestamp TAB status (deleted|live) TAB setSpecs (space-separated)
# Usage: harvest.pl BASEURL METADATAPREFIX [FROM]
use strict;
use warnings;
use HTTP::OAI;

my ($base, $prefix, $from) = @ARGV;
die "usage: $0 BASEURL PREFIX [FROM]\n" unless $base && $prefix;
my $h = HTTP::OAI::Harvester->new(baseURL => $base, resume => 1);
$h->repository(HTTP::OAI::Identify->new(baseURL => $base, version => '2.0'));
binmode STDOUT, ':encoding(UTF-8)';
# HTTP::OAI 4.x follows the tokens inside ListRecords; records arrive through onRecord, page by page
my %args = (metadataPrefix => $prefix, onRecord => sub {
  my $hd = shift->header;
  print join("\t", $hd->identifier, $hd->datestamp, ($hd->is_deleted ? 'deleted' : 'live'), join(' ', $hd->setSpec)), "\n";
});
$args{from} = $from if defined $from;
my $res = $h->ListRecords(%args);
if ($res->is_error) {
  # an empty list is an OAI error answer (noRecordsMatch), not a failure of the harvest
  my @codes = map { $_->code } $res->errors;
  if (grep { $_ eq 'noRecordsMatch' } @codes) { exit 0 }
  die 'harvest failed: ' . $res->message . ' ' . join(',', @codes) . "\n";
}
