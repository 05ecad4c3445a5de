package dev.quiver.solr;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.ClusterStateProvider;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.schema.FieldTypeDefinition;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.schema.SchemaResponse;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Slice;
import org.jspecify.annotations.Nullable;

/**
 * Collection setup as code: uploads Quiver's configset (shipped in this jar) and creates collections from it
 * with the caller's shards, replicas and vector dimension. No hand-edited XML.
 */
public final class SolrQuiverCollections {
  /** The name under which {@link #uploadConfigset} stores the configset unless told otherwise. */
  public static final String CONFIGSET = "quiver";
  /** The vector dimension of the shipped schema: all-MiniLM-L6-v2's. */
  public static final int DEFAULT_DIMENSIONS = 384;
  private static final String RESOURCES = "/dev/quiver/solr/configset/conf/";
  private static final List<String> FILES = List.of("solrconfig.xml", "managed-schema.xml");

  private SolrQuiverCollections() {}

  /** Uploads the configset as {@code name}, replacing an earlier upload of that name. */
  public static void uploadConfigset(SolrClient client, String name) {
    try {
      Path zip = Files.createTempFile("quiver-configset", ".zip");
      try {
        Files.write(zip, configsetZip());
        ConfigSetAdminRequest.Upload upload = new ConfigSetAdminRequest.Upload().setConfigSetName(name)
            .setUploadFile(zip.toFile(), "application/zip").setOverwrite(true).setCleanup(true);
        upload.process(client);
      } finally {
        Files.deleteIfExists(zip);
      }
    } catch (IOException | SolrServerException | SolrException e) {
      throw new QuiverException(ErrorCode.IO, null, "cannot upload configset " + name + ": " + e.getMessage(), e);
    }
  }

  /** The configset's files by name, as shipped. */
  public static Map<String, byte[]> configsetFiles() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String file : FILES) {
      try (InputStream in = SolrQuiverCollections.class.getResourceAsStream(RESOURCES + file)) {
        if (in == null) {
          throw new IllegalStateException("configset file " + file + " is missing from the quiver-solr jar");
        }
        out.put(file, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static byte[] configsetZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : configsetFiles().entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * Creates {@code collection} from the uploaded configset {@code configset} and, when {@code dimensions}
   * differs from {@value #DEFAULT_DIMENSIONS}, sets its vector field to that dimension before anything is
   * indexed. Returns when every replica is active.
   */
  public static void create(SolrClient client, String collection, String configset, int shards, int replicas,
      int dimensions) {
    if (shards < 1 || replicas < 1 || dimensions < 1) {
      throw new IllegalArgumentException("shards, replicas and dimensions must be at least 1; found " + shards
          + ", " + replicas + ", " + dimensions);
    }
    try {
      CollectionAdminRequest.Create create = CollectionAdminRequest.createCollection(collection, configset, shards,
          replicas);
      create.process(client);
      if (dimensions != DEFAULT_DIMENSIONS) {
        Map<String, Object> type = new LinkedHashMap<>();
        type.put("name", SolrFields.VECTOR_TYPE);
        type.put("class", "solr.DenseVectorField");
        type.put("vectorDimension", dimensions);
        type.put("similarityFunction", "cosine");
        FieldTypeDefinition definition = new FieldTypeDefinition();
        definition.setAttributes(type);
        new SchemaRequest.ReplaceFieldType(definition).process(client, collection);
      }
    } catch (IOException | SolrServerException | SolrException e) {
      throw new QuiverException(ErrorCode.IO, null, "cannot create collection " + collection + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code collection} as {@link #create} does, unless a collection of that name exists; returns
   * whether it created one. The configset is uploaded as {@value #CONFIGSET} first when the cluster has none of
   * that name. An existing collection is left as it is (shards, replicas, schema): opening a store on it checks
   * its dimensions and model.
   */
  public static boolean createIfMissing(SolrClient client, String collection, int shards, int replicas,
      int dimensions) {
    try {
      if (CollectionAdminRequest.listCollections(client).contains(collection)) {
        return false;
      }
      // an existing upload may serve other collections: it is not replaced
      if (!new ConfigSetAdminRequest.List().process(client).getConfigSets().contains(CONFIGSET)) {
        uploadConfigset(client, CONFIGSET);
      }
    } catch (IOException | SolrServerException | SolrException e) {
      throw new QuiverException(ErrorCode.IO, null, "cannot list the cluster's collections: " + e.getMessage(), e);
    }
    create(client, collection, CONFIGSET, shards, replicas, dimensions);
    if (client instanceof CloudSolrClient cloud) {
      awaitActive(cloud, collection, shards * replicas);
    }
    return true;
  }

  /** Waits until {@code replicas} replicas of the new collection are active on live nodes, up to a minute. */
  private static void awaitActive(CloudSolrClient client, String collection, int replicas) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    int active = 0;
    while (System.nanoTime() < deadline) {
      try {
        ClusterStateProvider provider = client.getClusterStateProvider();
        Set<String> live = provider.getLiveNodes();
        DocCollection c = provider.getCollection(collection);
        active = 0;
        for (Slice shard : c == null ? List.<Slice>of() : c.getSlices()) {
          active += (int) shard.getReplicas().stream().filter(r -> r.isActive(live)).count();
        }
        if (active >= replicas) {
          return;
        }
        Thread.sleep(100);
      } catch (IOException | SolrException e) {
        throw new QuiverException(ErrorCode.IO, null, "cannot read the state of collection " + collection + ": "
            + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new QuiverException(ErrorCode.IO, null, "collection " + collection + " was created, but only " + active
        + " of its " + replicas + " replicas became active within a minute");
  }

  /**
   * The dimension of the collection's vector field, or null when it has none.
   *
   * @throws QuiverException IO when the schema cannot be read
   */
  static @Nullable Integer vectorDimension(SolrClient client, String collection) {
    try {
      SchemaResponse.FieldsResponse fields = new SchemaRequest.Fields().process(client, collection);
      Map<String, Object> vector = null;
      for (Map<String, Object> f : fields.getFields()) {
        if (SolrFields.VECTOR.equals(f.get("name"))) {
          vector = f;
        }
      }
      if (vector == null || !SolrFields.VECTOR_TYPE.equals(vector.get("type"))) {
        return null;
      }
      Map<String, Object> type = new SchemaRequest.FieldType(SolrFields.VECTOR_TYPE).process(client, collection)
          .getFieldType().getAttributes();
      Object dimension = type.get("vectorDimension");
      return dimension == null ? null : Integer.valueOf(dimension.toString());
    } catch (IOException | SolrServerException | SolrException e) {
      throw new QuiverException(ErrorCode.IO, null, "cannot read the schema of collection " + collection + ": "
          + e.getMessage(), e);
    }
  }
}
