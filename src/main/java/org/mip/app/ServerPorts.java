package org.mip.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mip.config.ConfigException;

/**
 * The REST API's and the management server's ports, checked before anything starts. Camel's Vert.x
 * HTTP server reports a failed bind only in its log and starts anyway: with the port taken by another
 * process, {@code run} was ready and UP, printed the API's address, and the other process answered
 * there. (A process that takes the port between this check and the bind still wins: a race of
 * moments, where the check is the common case of a second run or another server on the port.)
 */
final class ServerPorts {

    private ServerPorts() {
    }

    /** @param portsBySetting each server's port by the setting that names it, in the order to report */
    static void requireFree(String host, Map<String, Integer> portsBySetting) {
        List<String> problems = new ArrayList<>();
        portsBySetting.forEach((setting, port) -> {
            if (port != 0 && !isFree(host, port)) {
                problems.add("port " + port + " is in use: set " + setting + " to another port");
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** As org.mip.local.Ports.isFree, which this may not call: that package is local mode's alone (ProductionClasspathTest). */
    private static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as Vert.x binds: a connection in TIME_WAIT does not hold the port
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
