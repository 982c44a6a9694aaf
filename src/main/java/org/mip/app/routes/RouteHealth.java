package org.mip.app.routes;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.impl.health.ConsumerHealthCheck;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * The health of the routes, in place of Camel's own route and consumer checks (which call a
 * route UP whether it runs or was turned off, and cannot see a route that is gone):
 * <ul>
 *   <li>{@code route:<id>} for every route the configuration needs (a readiness check: DOWN when
 *       the route is missing or not started) and, informational only, for every other route: UP
 *       when started, UNKNOWN with "disabled (setting=false)" when the configuration turned it off;</li>
 *   <li>{@code consumer:<id>} for every started route, Camel's consumer check (a poller that keeps
 *       failing goes DOWN), UP during the first poll of a long-polling (SQS) consumer;</li>
 *   <li>{@code routes-reload}, informational: DOWN while the routes folder holds an edit that was
 *       refused (the previous routes keep running), with the first problem as its message.</li>
 * </ul>
 * Informational checks are neither readiness nor liveness, so they show in {@code /observe/health}
 * only: {@code /observe/health/ready} answers the one question a probe asks.
 */
public final class RouteHealth implements HealthCheckRepository {
    private final CamelContext camel;
    private final Supplier<RouteNeeds> needs;
    private final Map<String, RouteCheckOf> routeChecks = new ConcurrentHashMap<>();
    private final Map<Consumer, HealthCheck> consumerChecks = new ConcurrentHashMap<>();
    private boolean enabled = true;

    public RouteHealth(CamelContext camel, Supplier<RouteNeeds> needs) {
        this.camel = camel;
        this.needs = needs;
    }

    @Override
    public String getId() {
        return "mip-routes";
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Stream<HealthCheck> stream() {
        if (!enabled) {
            return Stream.empty();
        }
        Set<String> ids = new LinkedHashSet<>(needs.get().required());
        Set<Consumer> live = new LinkedHashSet<>();
        Stream.Builder<HealthCheck> out = Stream.builder();
        for (Route route : camel.getRoutes()) {
            ids.add(route.getRouteId());
        }
        routeChecks.keySet().retainAll(ids);
        for (String id : ids) {
            out.add(routeChecks.computeIfAbsent(id, RouteCheckOf::new));
        }
        for (Route route : camel.getRoutes()) {
            if (camel.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started && route.getConsumer() != null) {
                Consumer consumer = route.getConsumer();
                live.add(consumer);
                out.add(consumerChecks.computeIfAbsent(consumer, c -> {
                    String id = "consumer:" + route.getRouteId();
                    ConsumerHealthCheck check = c instanceof ScheduledPollConsumer polling && longPolls(route)
                            ? new FirstLongPoll(route, id, polling) : new ConsumerHealthCheck(route, id);
                    check.setCamelContext(camel);
                    return check;
                }));
            }
        }
        consumerChecks.keySet().retainAll(live); // a reloaded route has a new consumer
        return out.build();
    }

    /** An SQS consumer's first poll is a long poll (waitTimeSeconds): it ends only when a message comes or the wait is over. */
    private static boolean longPolls(Route route) {
        return route.getEndpoint().getEndpointUri().startsWith("aws2-sqs:");
    }

    /**
     * {@code consumer:<id>} of a long-polling consumer: UP while its first poll waits and nothing has
     * failed. Camel's check is DOWN until a first poll has ended, which for the S3 events consumer is
     * up to its whole wait (10 s) on an empty queue: a pod scaled out to take work would not take any
     * until then. That the queue answers is the {@code sqs} check's (GetQueueUrl); a poll that fails
     * turns this DOWN as before. The route's own state is still Camel's (a stopped route is DOWN).
     */
    private static final class FirstLongPoll extends ConsumerHealthCheck {
        private final ScheduledPollConsumer consumer;

        FirstLongPoll(Route route, String id, ScheduledPollConsumer consumer) {
            super(route, id);
            this.consumer = consumer;
        }

        @Override
        protected void doCallCheck(HealthCheckResultBuilder builder, Map<String, Object> options) {
            if (!consumer.isFirstPollDone() && consumer.getErrorCounter() == 0) {
                builder.message("waiting in its first long poll of the queue").up();
                return;
            }
            super.doCallCheck(builder, options);
        }
    }

    /** {@code route:<id>}: running, disabled by a setting, or (if needed) DOWN. */
    private final class RouteCheckOf extends AbstractHealthCheck {
        private final String routeId;

        RouteCheckOf(String routeId) {
            super("camel", "route:" + routeId);
            this.routeId = routeId;
        }

        @Override
        public boolean isReadiness() {
            return needs.get().required().contains(routeId);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            RouteNeeds n = needs.get();
            boolean needed = n.required().contains(routeId);
            ServiceStatus status = camel.getRoute(routeId) == null ? null : camel.getRouteController().getRouteStatus(routeId);
            if (status == ServiceStatus.Started) {
                builder.up();
            } else if (status != null && n.disabledBy().containsKey(routeId) && !needed) {
                builder.message("disabled (" + n.disabledBy().get(routeId) + "=false)").unknown();
            } else if (status == null) {
                builder.message(needed ? "missing: no route has this id, and the configuration needs it" : "missing");
                if (needed) {
                    builder.down();
                } else {
                    builder.unknown();
                }
            } else {
                builder.message("not running (" + status + ")");
                if (needed) {
                    builder.down();
                } else {
                    builder.unknown();
                }
            }
        }
    }

    /** {@code routes-reload}: DOWN while an edit of the routes folder is refused. */
    public static HealthCheck reloadCheck(Supplier<RouteReloader.Status> status) {
        return new AbstractHealthCheck("mip", "routes-reload") {
            @Override
            public boolean isReadiness() {
                return false;
            }

            @Override
            public boolean isLiveness() {
                return false;
            }

            @Override
            protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
                RouteReloader.Status s = status.get();
                builder.message(s.message());
                if (s.refused()) {
                    builder.down();
                } else {
                    builder.up();
                }
            }
        };
    }
}
