package dev.quiver.cli;

import dev.quiver.solr.SolrAddress;
import picocli.CommandLine;

/** {@code --to-solr} and {@code --from-solr}: a malformed address is bad usage, named before anything opens. */
final class SolrAddressConverter implements CommandLine.ITypeConverter<SolrAddress> {
  @Override
  public SolrAddress convert(String value) {
    try {
      return SolrAddress.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
