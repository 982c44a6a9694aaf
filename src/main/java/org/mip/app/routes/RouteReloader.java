package org.mip.app.routes;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.RouteConfigurationsBuilder;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of the routes folder, one edit at a time, without stopping what the edit does not
 * touch. Replaces Camel's {@code RouteWatcherReloadStrategy}, which in Camel 4.17 stops and removes
 * every route, then loads every file again once per route it held (a file of two routes twice:
 * "duplicate route id"), and on any failure leaves the pipeline without routes while readiness
 * still says UP.
 *
 * <p>On a change (any event in the folder, including the {@code ..data} symlink swap a Kubernetes
 * ConfigMap update makes, or at the latest every {@link #RESCAN}), the folder is read again and
 * compared with the content the running routes came from. Then:
 * <ol>
 *   <li>the whole folder is checked as {@code mip routes check} does ({@link RouteCheck}); an edit
 *       with a problem is refused: one ERROR line with the file, line and reason, the
 *       {@code routes-reload} health check DOWN, and the previous routes keep running;</li>
 *   <li>only the routes of the changed files are replaced, plus the routes elsewhere that use a
 *       route configuration of a changed file (they must be rebuilt to apply it). They are stopped
 *       callers first, each gracefully: in-flight exchanges finish (up to {@link #STOP_TIMEOUT}),
 *       and exchanges sent meanwhile to a route being replaced wait for it ({@link #DIRECT_WAIT});</li>
 *   <li>if Camel refuses the new routes when adding or starting them (an endpoint option it does
 *       not know, say), they are removed again and the previous content of those files is loaded
 *       back: the refusal is reported as above.</li>
 * </ol>
 * A route removed by an accepted edit is gone: if the pipeline needs it, readiness says so
 * ({@link RouteHealth}).
 */
public final class RouteReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteReloader.class);
    /** How long a replaced route may take to finish its in-flight exchanges before it is stopped anyway. */
    public static final Duration STOP_TIMEOUT = Duration.ofMinutes(4);
    /**
     * How long an exchange sent to a direct: endpoint waits for its route (camel.component.direct.timeout):
     * longer than a replaced route's stop, so nothing sent during a reload fails for want of a consumer.
     */
    public static final Duration DIRECT_WAIT = STOP_TIMEOUT.plusMinutes(1);
    /** A change is handled once the folder has been quiet this long (editors write in several steps). */
    static final Duration QUIET = Duration.ofMillis(300);
    /** The folder is compared at least this often, events or not (a missed event, a remounted volume). */
    static final Duration RESCAN = Duration.ofSeconds(5);

    /** The outcome of the latest change of the folder, for health and logs. */
    public record Status(boolean refused, String message, List<RouteProblem> problems, Instant at, long reloads, long refusals) {
    }

    /** Told of every outcome (metrics). */
    public interface Listener {
        void reloaded(Set<String> files);

        void refused(Set<String> files, List<RouteProblem> problems);
    }

    private final CamelContext camel;
    private final Path dir;
    private final RouteCheck.Vocabulary vocabulary;
    private final Listener listener;
    private final Duration rescan;
    private Map<String, String> loaded;
    private Map<String, RouteCheck.FileFacts> loadedFacts;
    private Map<String, String> seen;
    private volatile Status status;
    private long reloads;
    private long refusals;
    private WatchService watcher;
    private Thread thread;
    private volatile boolean running;

    /**
     * @param loaded the files the running routes were loaded from (name to content), as read
     *               before Camel started; a difference found at the first look is reloaded
     */
    public RouteReloader(CamelContext camel, Path dir, Map<String, String> loaded, RouteCheck.Vocabulary vocabulary, Listener listener) {
        this(camel, dir, loaded, vocabulary, listener, RESCAN);
    }

    /** As above, comparing the folder every {@code rescan} when no event comes (a test sees the events alone at work). */
    RouteReloader(CamelContext camel, Path dir, Map<String, String> loaded, RouteCheck.Vocabulary vocabulary, Listener listener,
                  Duration rescan) {
        this.rescan = rescan;
        this.camel = camel;
        this.dir = dir.toAbsolutePath();
        this.vocabulary = vocabulary;
        this.listener = listener;
        this.loaded = new LinkedHashMap<>(loaded);
        this.loadedFacts = RouteCheck.check(loaded, vocabulary).files();
        this.seen = this.loaded;
        this.status = new Status(false, "no edit since the start", List.of(), Instant.now(), 0, 0);
    }

    public Status status() {
        return status;
    }

    /** Starts watching the folder on a thread of its own. */
    public synchronized void start() {
        try {
            watcher = FileSystems.getDefault().newWatchService();
            register();
        } catch (IOException e) {
            LOG.warn("cannot watch the routes folder {} ({}); looking for changes every {} s instead", dir, e.getMessage(),
                    rescan.toSeconds());
        }
        running = true;
        thread = new Thread(this::watch, "mip-routes-reload");
        thread.setDaemon(true);
        thread.start();
        LOG.info("live route reload on: edits of {} are checked and applied file by file", dir);
    }

    private void register() throws IOException {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.OVERFLOW);
    }

    private void watch() {
        boolean registered = watcher != null;
        while (running) {
            try {
                WatchKey key = watcher == null ? null : watcher.poll(rescan.toMillis(), TimeUnit.MILLISECONDS);
                if (watcher == null) {
                    Thread.sleep(rescan.toMillis());
                }
                if (key != null) {
                    // wait for the folder to be quiet: one save is often several events
                    do {
                        key.pollEvents();
                        registered = key.reset();
                        key = watcher.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
                    } while (key != null && running);
                }
                if (!registered && watcher != null) {
                    try {
                        register(); // the folder was replaced (a remount): watch the new one
                        registered = true;
                    } catch (IOException e) {
                        LOG.debug("routes folder not watchable yet: {}", e.getMessage());
                    }
                }
                if (running) {
                    scan();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("route reload: unexpected error, the running routes are unchanged: {}", e.toString(), e);
            }
        }
    }

    /** Compares the folder with the running routes and applies a difference (the watcher's thread; tests). */
    public synchronized void scan() {
        Map<String, String> now;
        try {
            now = RouteCheck.readFolder(dir);
        } catch (IOException e) {
            if (seen != null) {
                LOG.warn("cannot read the routes folder {}: {}; the running routes are unchanged", dir, e.getMessage());
                seen = null;
            }
            return;
        }
        if (now.equals(seen)) {
            return;
        }
        seen = now;
        if (now.equals(loaded)) {
            if (status.refused()) {
                status = new Status(false, "the routes folder is back to the running routes", List.of(), Instant.now(), reloads, refusals);
                LOG.info("the routes folder is back to the routes that run: nothing to reload");
            }
            return;
        }
        reload(now);
    }

    private void reload(Map<String, String> now) {
        Set<String> changed = new TreeSet<>();
        for (String name : union(loaded.keySet(), now.keySet())) {
            if (!Objects.equals(loaded.get(name), now.get(name))) {
                changed.add(name);
            }
        }
        if (now.isEmpty()) {
            // a folder emptied at once is a mount coming and going far more often than an intent to stop everything
            if (settled(now)) {
                refuse(changed, List.of(new RouteProblem("", 0, 0, RouteProblem.MISSING_ROUTE,
                        "the routes folder " + dir + " holds no route file")), "");
            }
            return;
        }
        RouteCheck.Result check = RouteCheck.check(now, vocabulary);
        List<RouteProblem> problems = check.problems().stream()
                .filter(p -> !RouteProblem.MISSING_ROUTE.equals(p.code())).toList();
        if (!problems.isEmpty()) {
            if (!settled(now)) {
                return; // a file still being written (an editor's save in steps): its next event brings it back
            }
            refuse(changed, problems, "");
            return;
        }
        Set<String> affected = affected(changed, check.files());
        try {
            parse(affected, now, true); // Camel reads them once before anything running is touched
        } catch (Exception e) {
            refuse(changed, List.of(camelProblem(changed, check.files(), e)), "");
            return;
        }
        List<String> stopped = routesOf(affected);
        try {
            remove(affected, loadedFacts);
            add(parse(affected, now, false));
        } catch (Exception e) {
            LOG.debug("route reload: Camel refused the routes of {}", affected, e);
            String rollback = rollBack(affected, check.files());
            refuse(changed, List.of(camelProblem(changed, check.files(), e)), rollback);
            return;
        }
        loaded = new LinkedHashMap<>(now);
        loadedFacts = check.files();
        reloads++;
        List<String> running = new ArrayList<>();
        for (String file : affected) {
            for (Route r : camel.getRoutes()) {
                if (file.equals(fileOf(r.getSourceResource()))) {
                    running.add(r.getRouteId() + " (" + camel.getRouteController().getRouteStatus(r.getRouteId()) + ")");
                }
            }
        }
        List<String> gone = stopped.stream().filter(id -> camel.getRoute(id) == null).toList();
        String message = "routes reloaded from " + String.join(", ", changed) + ": " + (running.isEmpty() ? "no routes" : String.join(", ", running))
                + (gone.isEmpty() ? "" : "; removed: " + String.join(", ", gone));
        status = new Status(false, message, List.of(), Instant.now(), reloads, refusals);
        LOG.info("{}", message);
        listener.reloaded(changed);
    }

    /** Whether the folder still holds {@code now} after a quiet moment; if not, it is looked at again. */
    private boolean settled(Map<String, String> now) {
        try {
            Thread.sleep(QUIET.toMillis());
            if (now.equals(RouteCheck.readFolder(dir))) {
                return true;
            }
        } catch (IOException e) {
            LOG.debug("routes folder unreadable: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        seen = null;
        return false;
    }

    /** Puts back the routes of {@code affected} as they were; returns a note for the refusal line. */
    private String rollBack(Set<String> affected, Map<String, RouteCheck.FileFacts> attempted) {
        try {
            Map<String, RouteCheck.FileFacts> facts = new LinkedHashMap<>(loadedFacts);
            attempted.forEach(facts::putIfAbsent);
            remove(affected, facts);
            add(parse(affected, loaded, false));
            return "";
        } catch (Exception e) {
            LOG.error("route reload: the previous routes of {} could not be put back either ({}); see the routes' health",
                    String.join(", ", affected), rootMessage(e), e);
            return " (the previous routes could not be put back: " + rootMessage(e) + ")";
        }
    }

    private void refuse(Set<String> changed, List<RouteProblem> problems, String note) {
        refusals++;
        StringBuilder line = new StringBuilder("route reload refused, the routes of ").append(String.join(", ", changed))
                .append(" keep running as they were: ").append(problems.get(0));
        if (problems.size() > 1) {
            line.append(" (and ").append(problems.size() - 1).append(" more problem").append(problems.size() > 2 ? "s" : "")
                    .append(": ").append(problems.subList(1, Math.min(problems.size(), 5)).stream().map(RouteProblem::toString)
                            .collect(Collectors.joining("; "))).append(problems.size() > 5 ? "; ..." : "")
                    .append("; all with: mip routes check ").append(dir).append(")");
        }
        line.append(note);
        status = new Status(true, line.toString(), problems, Instant.now(), reloads, refusals);
        LOG.error("{}", line);
        listener.refused(changed, problems);
    }

    /**
     * The changed files, plus every file with a route that uses a route configuration a changed
     * file defines (or defined): such routes are built with their configuration and must be rebuilt.
     */
    private Set<String> affected(Set<String> changed, Map<String, RouteCheck.FileFacts> next) {
        Set<String> configurations = new LinkedHashSet<>();
        for (String file : changed) {
            for (Map<String, RouteCheck.FileFacts> facts : List.of(loadedFacts, next)) {
                RouteCheck.FileFacts f = facts.get(file);
                if (f != null) {
                    configurations.addAll(f.configurationIds());
                }
            }
        }
        Set<String> affected = new TreeSet<>(changed);
        for (Map<String, RouteCheck.FileFacts> facts : List.of(loadedFacts, next)) {
            for (Map.Entry<String, RouteCheck.FileFacts> f : facts.entrySet()) {
                boolean global = configurations.contains("") && !f.getValue().routeIds().isEmpty();
                if (global || f.getValue().configurationRefs().stream().anyMatch(configurations::contains)) {
                    affected.add(f.getKey());
                }
            }
        }
        return affected;
    }

    /**
     * The builders of the files of {@code names} that {@code contents} holds. With {@code read}, each
     * builder also reads its routes now, so a file Camel cannot read changes nothing; such builders
     * are then thrown away: a route is prepared with the route configurations in force when it is
     * read, so the builders that are added read their routes only once the new configurations are in.
     */
    private Map<String, List<RoutesBuilder>> parse(Collection<String> names, Map<String, String> contents, boolean read) throws Exception {
        Map<String, List<RoutesBuilder>> out = new LinkedHashMap<>();
        for (String name : names) {
            String content = contents.get(name);
            if (content == null) {
                continue; // deleted: its routes are only removed
            }
            Resource resource = ResourceHelper.fromString("file:" + dir.resolve(name), content);
            List<RoutesBuilder> builders = new ArrayList<>(PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(resource)));
            for (RoutesBuilder b : builders) {
                if (read && b instanceof RouteBuilder rb) {
                    rb.configureRoutes(camel);
                }
            }
            out.put(name, builders);
        }
        return out;
    }

    /** Stops (callers first, each gracefully) and removes everything the files of {@code names} defined. */
    private void remove(Set<String> names, Map<String, RouteCheck.FileFacts> facts) throws Exception {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : stopOrder(routesOf(names), facts)) {
            camel.getRouteController().stopRoute(id, STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            camel.removeRoute(id);
        }
        for (RouteDefinition def : List.copyOf(model.getRouteDefinitions())) {
            if (from(names, def.getResource())) {
                model.removeRouteDefinition(def);
            }
        }
        // route configurations by id: those camel-main loaded carry no resource
        Set<String> configurations = new LinkedHashSet<>();
        for (String name : names) {
            RouteCheck.FileFacts f = facts.get(name);
            if (f != null) {
                configurations.addAll(f.configurationIds());
            }
        }
        for (RouteConfigurationDefinition def : List.copyOf(model.getRouteConfigurationDefinitions())) {
            if (configurations.contains(def.getId()) || from(names, def.getResource())) {
                model.removeRouteConfiguration(def);
            }
        }
        model.getRestDefinitions().removeIf((RestDefinition def) -> from(names, def.getResource()));
    }

    /** Adds the parsed files: every route configuration first, then the routes (started as they are added). */
    private void add(Map<String, List<RoutesBuilder>> fresh) throws Exception {
        for (List<RoutesBuilder> builders : fresh.values()) {
            for (RoutesBuilder b : builders) {
                if (b instanceof RouteConfigurationsBuilder rcb) {
                    rcb.addRouteConfigurationsToCamelContext(camel);
                }
            }
        }
        for (List<RoutesBuilder> builders : fresh.values()) {
            for (RoutesBuilder b : builders) {
                b.addRoutesToCamelContext(camel);
            }
        }
    }

    /** The ids of the running routes that came from the files of {@code names}. */
    private List<String> routesOf(Set<String> names) {
        List<String> ids = new ArrayList<>();
        for (Route r : camel.getRoutes()) {
            if (from(names, r.getSourceResource())) {
                ids.add(r.getRouteId());
            }
        }
        return ids;
    }

    /**
     * Callers before the routes they call: routes fed from outside (pollers, REST) first, then
     * each direct: route once no remaining route sends to it. A route is stopped gracefully, so
     * an exchange in a caller still reaches the sub-route it needs; the reverse order would leave
     * it waiting for a sub-route that is already stopped.
     */
    private List<String> stopOrder(List<String> ids, Map<String, RouteCheck.FileFacts> facts) {
        Map<String, Set<String>> calls = new LinkedHashMap<>();
        Map<String, String> inputOf = new LinkedHashMap<>();
        for (RouteCheck.FileFacts f : facts.values()) {
            calls.putAll(f.calls());
            inputOf.putAll(f.inputs());
        }
        for (String id : ids) {
            Route r = camel.getRoute(id);
            Endpoint e = r == null ? null : r.getEndpoint();
            if (e != null && e.getEndpointUri().startsWith("direct:")) {
                inputOf.putIfAbsent(id, e.getEndpointUri().replaceFirst("^direct:(//)?", "").replaceFirst("\\?.*", ""));
            }
        }
        List<String> order = new ArrayList<>();
        Deque<String> remaining = new ArrayDeque<>(ids);
        while (!remaining.isEmpty()) {
            String next = null;
            for (String candidate : remaining) {
                String input = inputOf.get(candidate);
                boolean calledByRemaining = input != null && remaining.stream()
                        .anyMatch(o -> !o.equals(candidate) && calls.getOrDefault(o, Set.of()).contains(input));
                if (!calledByRemaining) {
                    next = candidate;
                    break;
                }
            }
            next = next == null ? remaining.peekFirst() : next; // a cycle: any order
            remaining.remove(next);
            order.add(next);
        }
        return order;
    }

    /** Whether a resource is one of the files of {@code names}. */
    private static boolean from(Set<String> names, Resource resource) {
        String file = fileOf(resource);
        return file != null && names.contains(file);
    }

    /** The file name a resource location ends with ("file:/routes/process.yaml" gives "process.yaml"), or null. */
    static String fileOf(Resource resource) {
        if (resource == null || resource.getLocation() == null) {
            return null;
        }
        String location = resource.getLocation();
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf(':'));
        return location.substring(slash + 1);
    }

    /** Camel's refusal, at the route it names (the line of its id) when it names one. */
    private static RouteProblem camelProblem(Set<String> changed, Map<String, RouteCheck.FileFacts> facts, Exception e) {
        String routeId = null;
        for (Throwable t = e; t != null && routeId == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.camel.FailedToCreateRouteException f) {
                routeId = f.getRouteId();
            } else if (t instanceof org.apache.camel.FailedToStartRouteException f) {
                routeId = f.getRouteId();
            }
        }
        for (Map.Entry<String, RouteCheck.FileFacts> f : facts.entrySet()) {
            RouteCheck.Position at = routeId == null ? null : f.getValue().routeAt().get(routeId);
            if (at != null) {
                return new RouteProblem(f.getKey(), at.line(), at.column(), RouteProblem.CAMEL_REFUSED, "route " + routeId + ": " + rootMessage(e));
            }
        }
        String file = String.join(",", changed);
        return new RouteProblem(file, 0, 0, RouteProblem.CAMEL_REFUSED, rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    @Override
    public void close() {
        running = false;
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
