package dev.quiver.springboot.startup;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An empty Spring Boot application, started once per JVM by {@link StartupTimeRunner}: it prints how long
 * {@code SpringApplication.run} took and the JVM's uptime when it returned, then closes. Alone in its package, so
 * its component scan finds nothing else; whether Quiver starts depends only on the starter being on the class
 * path and {@code quiver.path} being set.
 */
@SpringBootApplication
public class EmptyApplication {
  static final String PREFIX = "STARTUP ";

  public static void main(String[] args) {
    long started = System.nanoTime();
    SpringApplication application = new SpringApplication(EmptyApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setLogStartupInfo(false);
    long runNanos;
    long uptime;
    boolean quiver;
    try (ConfigurableApplicationContext context = application.run(args)) {
      runNanos = System.nanoTime() - started;
      uptime = ManagementFactory.getRuntimeMXBean().getUptime();
      quiver = context.containsBean("quiver");
    }
    System.out.println(String.format(Locale.ROOT, "%srun_ms=%.1f uptime_ms=%d quiver=%b", PREFIX, runNanos / 1e6,
        uptime, quiver));
  }
}
