/**
 * Spring Boot auto-configuration for Quiver: {@link dev.quiver.springboot.QuiverAutoConfiguration} (a {@code Quiver}
 * bean from {@link dev.quiver.springboot.QuiverProperties}, closed on shutdown; Spring AI's {@code VectorStore} when
 * Spring AI is present) and {@link dev.quiver.springboot.QuiverHealthIndicator} (Actuator).
 */
@NullMarked
package dev.quiver.springboot;

import org.jspecify.annotations.NullMarked;
