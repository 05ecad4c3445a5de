package dev.quiver.springboot;

import dev.quiver.KeywordSideState;
import dev.quiver.Quiver;
import dev.quiver.StoreInfo;
import java.util.List;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The store's state, from {@link Quiver#status()}, as an Actuator health:
 *
 * <ul>
 *   <li>{@code DOWN} while the vector file, the record of truth, is damaged or quarantined: searches answer from
 *       keywords only until it is repaired and rebuilt from the application's records;
 *   <li>{@code OUT_OF_SERVICE} while it is being rebuilt, or while the keyword index can neither be opened nor
 *       recreated (searches are vector-only until someone acts);
 *   <li>{@code UP} otherwise, also while the keyword index is lagging or healing: Quiver mends it from the vector
 *       file by itself, and the {@code degraded} detail says so meanwhile.
 * </ul>
 *
 * The details give each side's state and problem, the items, the keyword lag (changes the keyword index has not
 * applied yet), and {@code degraded}: one sentence per thing searches lack right now. Only Actuator's own statuses
 * are used, since a custom one would rank above {@code DOWN} in Actuator's default order. Reading the state never
 * waits for a write or a rebuild.
 */
public class QuiverHealthIndicator extends AbstractHealthIndicator {
  private final Quiver quiver;

  public QuiverHealthIndicator(Quiver quiver) {
    super("Quiver health check failed");
    this.quiver = quiver;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    Quiver.Status status = quiver.status();
    builder.status(statusOf(status));
    builder.withDetail("path", quiver.path().toString())
        .withDetail("vectorSide", status.vectorSide().name())
        .withDetail("keywordSide", status.keywordSide().name())
        .withDetail("keywordLag", status.keywordLag());
    StoreInfo info = status.vectors();
    if (info != null) {
      builder.withDetail("items", info.items()).withDetail("dimensions", info.dimensions());
    }
    if (status.keywordItems() >= 0) {
      builder.withDetail("keywordItems", status.keywordItems());
    }
    if (status.vectorProblem() != null) {
      builder.withDetail("vectorProblem", status.vectorProblem());
    }
    if (status.keywordProblem() != null) {
      builder.withDetail("keywordProblem", status.keywordProblem());
    }
    if (status.lostCommits() > 0) {
      builder.withDetail("lostCommits", status.lostCommits());
    }
    if (!status.notices().isEmpty()) {
      builder.withDetail("notices", status.notices());
    }
    List<String> degraded = Degradations.of(status);
    if (!degraded.isEmpty()) {
      builder.withDetail("degraded", degraded);
    }
  }

  static Status statusOf(Quiver.Status status) {
    switch (status.vectorSide()) {
      case DAMAGED:
      case QUARANTINED:
        return Status.DOWN;
      case REBUILDING:
        return Status.OUT_OF_SERVICE;
      default:
        return status.keywordSide() == KeywordSideState.FAILED ? Status.OUT_OF_SERVICE : Status.UP;
    }
  }
}
