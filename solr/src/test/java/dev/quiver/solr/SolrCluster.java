package dev.quiver.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real two-node SolrCloud cluster (embedded ZooKeeper, two Jetty nodes) per test class: started for its
 * {@code @BeforeAll}, shut down after its last test, so a class that stops a node leaves no trace in another. Quiver's configset is uploaded the way
 * users upload it, through {@link SolrQuiverCollections#uploadConfigset}.
 */
final class SolrCluster implements AutoCloseable {
  static final int NODES = 2;
  final MiniSolrCloudCluster cluster;

  private SolrCluster() throws Exception {
    Path base = Files.createDirectories(Path.of("target", "solr-cluster"));
    cluster = new MiniSolrCloudCluster.Builder(NODES, Files.createTempDirectory(base, "run")).build();
    SolrQuiverCollections.uploadConfigset(client(), SolrQuiverCollections.CONFIGSET);
  }

  CloudSolrClient client() {
    return cluster.getSolrClient();
  }

  /** A new collection of Quiver's configset, {@code shards} x {@code replicas}, every replica active. */
  void createCollection(String name, int shards, int replicas) throws Exception {
    SolrQuiverCollections.create(client(), name, SolrQuiverCollections.CONFIGSET, shards, replicas,
        SolrQuiverCollections.DEFAULT_DIMENSIONS);
    cluster.waitForActiveCollection(name, shards, shards * replicas);
  }

  void deleteCollection(String name) throws Exception {
    CollectionAdminRequest.deleteCollection(name).process(client());
  }

  @Override
  public void close() throws Exception {
    cluster.shutdown();
  }

  /** Injects the shared cluster into a test class's static {@code @BeforeAll} method. */
  static final class Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == SolrCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      ExtensionContext.Namespace perClass = ExtensionContext.Namespace.create(SolrCluster.class,
          context.getRequiredTestClass());
      return context.getStore(perClass).getOrComputeIfAbsent(SolrCluster.class,
          k -> {
            try {
              return new SolrCluster();
            } catch (Exception e) {
              throw new IllegalStateException("cannot start the mini SolrCloud cluster", e);
            }
          }, SolrCluster.class);
    }
  }
}
