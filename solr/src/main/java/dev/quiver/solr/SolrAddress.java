package dev.quiver.solr;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.solr.client.solrj.impl.CloudHttp2SolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.jspecify.annotations.Nullable;

/**
 * Where a collection lives, written as one string: {@code ZKHOST[,ZKHOST...][/CHROOT]/COLLECTION} (ZooKeeper,
 * as Solr's own tools name a cluster: {@code zk1:2181,zk2:2181/solr/chat}) or {@code
 * http[s]://HOST:PORT/solr/COLLECTION} (any node's base URL; the client learns the cluster from it).
 */
public final class SolrAddress {
  private final @Nullable List<String> zkHosts;
  private final @Nullable String chroot;
  private final @Nullable String solrUrl;
  private final String collection;

  private SolrAddress(@Nullable List<String> zkHosts, @Nullable String chroot, @Nullable String solrUrl,
      String collection) {
    this.zkHosts = zkHosts;
    this.chroot = chroot;
    this.solrUrl = solrUrl;
    this.collection = collection;
  }

  /**
   * Reads an address.
   *
   * @throws IllegalArgumentException naming what was expected and what was found
   */
  public static SolrAddress parse(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException(expected("an empty address"));
    }
    int slash = address.lastIndexOf('/');
    String collection = slash < 0 ? "" : address.substring(slash + 1);
    if (collection.isEmpty() || !collection.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(expected("'" + address + "', whose last part '" + collection
          + "' is not a collection name (letters, digits, '.', '_', '-')"));
    }
    String cluster = address.substring(0, slash);
    if (cluster.startsWith("http://") || cluster.startsWith("https://")) {
      if (cluster.indexOf('/', cluster.indexOf("//") + 2) < 0) {
        throw new IllegalArgumentException(expected("'" + address + "', a URL without the /solr path"));
      }
      return new SolrAddress(null, null, cluster, collection);
    }
    int root = cluster.indexOf('/');
    String hosts = root < 0 ? cluster : cluster.substring(0, root);
    String chroot = root < 0 ? null : cluster.substring(root);
    List<String> zk = Arrays.asList(hosts.split(",", -1));
    for (String host : zk) {
      if (!host.matches("[A-Za-z0-9._\\[\\]:-]+:[0-9]{1,5}")) {
        throw new IllegalArgumentException(expected("'" + address + "', whose ZooKeeper host '" + host
            + "' is not HOST:PORT"));
      }
    }
    return new SolrAddress(List.copyOf(zk), chroot, null, collection);
  }

  private static String expected(String found) {
    return "expected a Solr collection as ZKHOST:PORT[,ZKHOST:PORT...][/CHROOT]/COLLECTION or "
        + "http[s]://HOST:PORT/solr/COLLECTION; found " + found;
  }

  /** The collection's name. */
  public String collection() {
    return collection;
  }

  /** A new client of the cluster; the caller closes it. */
  public CloudSolrClient connect() {
    if (solrUrl != null) {
      return new CloudHttp2SolrClient.Builder(List.of(solrUrl)).build();
    }
    return new CloudHttp2SolrClient.Builder(zkHosts, Optional.ofNullable(chroot)).build();
  }

  /** The address as written, with the collection. */
  @Override
  public String toString() {
    String cluster = solrUrl != null ? solrUrl : String.join(",", zkHosts) + (chroot == null ? "" : chroot);
    return cluster + "/" + collection;
  }
}
