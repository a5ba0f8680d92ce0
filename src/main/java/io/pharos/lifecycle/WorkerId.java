package io.pharos.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;

/**
 * The name a background worker's claims carry in the database ({@code claimed_by}): host, process id and a
 * random suffix, unique per worker and readable by an operator. Shared by every worker that claims work
 * under a lease (the embedding queue, monitor matching, webhook delivery).
 */
public final class WorkerId {
    private WorkerId() {}

    public static String next() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException | RuntimeException e) {
                host = "localhost";
            }
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
