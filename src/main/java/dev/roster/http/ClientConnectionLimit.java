package dev.roster.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.IO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections one client address holds at once: a connection above the cap is closed as soon
 * as it is accepted, before Jetty spends anything on it, so that one client cannot take every slot of
 * {@code --max-connections}. A trusted proxy's own connections are not counted: its pool carries many
 * clients. Added to the connector as a bean, like Jetty's own {@code NetworkConnectionLimit}.
 */
final class ClientConnectionLimit implements SelectorManager.AcceptListener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnectionLimit.class);

    private final int max;
    private final ClientAddresses addresses;
    private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final ConcurrentMap<SelectableChannel, InetAddress> counted = new ConcurrentHashMap<>();

    ClientConnectionLimit(int max, ClientAddresses addresses) {
        this.max = max;
        this.addresses = addresses;
    }

    @Override
    public void onAccepting(SelectableChannel channel) {
        InetAddress client = peer(channel);
        if (client == null || addresses.isTrustedProxy(client)) {
            return;
        }
        counted.put(channel, client);
        int now = open.merge(client, 1, Integer::sum);
        if (now > max) {
            LOG.debug("closing a connection from {}: it already holds {} (--max-connections-per-client)",
                    client.getHostAddress(), max);
            IO.close(channel);
        }
    }

    @Override
    public void onAcceptFailed(SelectableChannel channel, Throwable cause) {
        release(channel);
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        release(channel);
    }

    /** Connections counted against {@code client} now; for tests. */
    int openFrom(InetAddress client) {
        return open.getOrDefault(client, 0);
    }

    private void release(SelectableChannel channel) {
        InetAddress client = counted.remove(channel);
        if (client != null) {
            open.computeIfPresent(client, (address, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static InetAddress peer(SelectableChannel channel) {
        try {
            return channel instanceof SocketChannel socket
                    && socket.getRemoteAddress() instanceof InetSocketAddress remote ? remote.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
