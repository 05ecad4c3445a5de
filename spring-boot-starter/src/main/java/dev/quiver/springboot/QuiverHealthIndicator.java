package dev.quiver.springboot;

import dev.quiver.Quiver;
import dev.quiver.StoreInfo;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The store's state as an Actuator health: {@code DOWN} while the vector file is damaged or quarantined (searches
 * answer from keywords only until it is rebuilt), {@code OUT_OF_SERVICE} while it is being rebuilt, {@code UP}
 * otherwise. The details say each side's state and problem, the items, and the keyword lag (changes the keyword
 * index has not applied yet). Reading the state never waits for a write or a rebuild.
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
    switch (status.vectorSide()) {
      case DAMAGED:
      case QUARANTINED:
        builder.down();
        break;
      case REBUILDING:
        builder.status(Status.OUT_OF_SERVICE);
        break;
      default:
        builder.up();
    }
    builder.withDetail("path", quiver.path().toString())
        .withDetail("vectorSide", status.vectorSide().name())
        .withDetail("keywordSide", status.keywordSide().name())
        .withDetail("keywordLag", status.keywordLag());
    StoreInfo info = status.vectors();
    if (info != null) {
      builder.withDetail("items", info.items()).withDetail("dimensions", info.dimensions());
    }
    if (status.vectorProblem() != null) {
      builder.withDetail("vectorProblem", status.vectorProblem());
    }
    if (status.keywordProblem() != null) {
      builder.withDetail("keywordProblem", status.keywordProblem());
    }
  }
}
