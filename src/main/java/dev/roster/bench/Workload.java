package dev.roster.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request of a run, built and signed before it starts, so that sending one costs the bench no JSON
 * and no hashing. Requests go round robin over the slots — each (key, AppId) pair — and, per slot, through
 * the kinds of the {@link Mix} in its interleaved order, so that with 200 keys each key carries 1/200 of
 * the load.
 *
 * <p>Users 1..N are split into blocks of {@code usersPerRequest}. An update sets the NickName of one block
 * to a value that block does not hold (see {@link NickNames}); a get reads one block. All slots together
 * keep at most {@link #SIGNED_REQUEST_BUDGET} requests signed, so that memory stays bounded with many
 * keys: with many slots and users, each slot covers the first blocks only (see {@link #blocksPerSlot}).
 * {@link #resign} signs everything again with a fresh {@code X-Date}.
 */
final class Workload {
    /** Requests kept signed at once, over all slots and kinds; bounds the memory of a run. */
    static final int SIGNED_REQUEST_BUDGET = 60_000;

    private final List<Slot> slots;
    private final List<BenchAction> sequence;
    private final AtomicLong sent = new AtomicLong();

    private Workload(List<Slot> slots, List<BenchAction> sequence) {
        this.slots = slots;
        this.sequence = sequence;
    }

    /** Builds the requests of {@code settings} and signs them, dated {@code now}. */
    static Workload build(BenchSettings settings, NickNames nickNames, Instant now) {
        List<BenchAction> sequence = settings.mix().sequence();
        List<BenchAction> kinds = settings.mix().actions();
        List<BenchSettings.Target> targets = settings.targets();
        int blocks = blocksPerSlot(settings.registeredUsers() / settings.usersPerRequest(), targets.size(),
                kinds.size());
        List<Slot> slots = new ArrayList<>();
        for (BenchSettings.Target target : targets) {
            Slot slot = new Slot(new RequestSigner(target.key().credentials(), settings.region()));
            for (BenchAction kind : kinds) {
                slot.pools[kind.ordinal()] = new Pool(settings.url().resolve(kind.pathAndQuery()), kind,
                        bodies(kind, target.app(), blocks, settings.usersPerRequest(), nickNames));
            }
            slots.add(slot);
        }
        Workload workload = new Workload(List.copyOf(slots), sequence);
        workload.resign(now);
        return workload;
    }

    /** The next request to send; safe to call from any thread. */
    SignedRequest next() {
        long n = sent.getAndIncrement();
        Slot slot = slots.get((int) (n % slots.size()));
        BenchAction kind = sequence.get((int) ((n / slots.size()) % sequence.size()));
        return slot.pools[kind.ordinal()].next();
    }

    /** Signs every request again, dated {@code now}; requests already handed out keep their signature. */
    void resign(Instant now) {
        for (Slot slot : slots) {
            for (Pool pool : slot.pools) {
                if (pool != null) {
                    pool.sign(slot.signer, now);
                }
            }
        }
    }

    /** How many requests are kept signed. */
    int size() {
        int size = 0;
        for (Slot slot : slots) {
            for (Pool pool : slot.pools) {
                size += pool == null ? 0 : pool.bodies.size();
            }
        }
        return size;
    }

    /** How many blocks of users each slot's bodies cover: all of them, unless that breaks the budget. */
    static int blocksPerSlot(int blocks, int slots, int kinds) {
        int perSlot = SIGNED_REQUEST_BUDGET / slots / (2 * kinds);
        return Math.max(1, Math.min(blocks, perSlot));
    }

    /** One access key in one AppId. */
    private static final class Slot {
        final RequestSigner signer;
        final Pool[] pools = new Pool[BenchAction.values().length];

        Slot(RequestSigner signer) {
            this.signer = signer;
        }
    }

    /** The bodies of one kind in one slot, used in turn, and their current signatures. */
    private static final class Pool {
        final URI uri;
        final BenchAction kind;
        final List<byte[]> bodies;
        final List<String> hashes;
        final AtomicInteger turn = new AtomicInteger();
        volatile SignedRequest[] signed;

        Pool(URI uri, BenchAction kind, List<byte[]> bodies) {
            this.uri = uri;
            this.kind = kind;
            this.bodies = bodies;
            this.hashes = bodies.stream().map(SignatureV4::sha256Hex).toList();
        }

        SignedRequest next() {
            SignedRequest[] current = signed;
            return current[Math.floorMod(turn.getAndIncrement(), current.length)];
        }

        void sign(RequestSigner signer, Instant now) {
            SignedRequest[] fresh = new SignedRequest[bodies.size()];
            for (int i = 0; i < fresh.length; i++) {
                fresh[i] = new SignedRequest(kind, uri, bodies.get(i),
                        signer.sign("POST", uri, RequestSigner.CONTENT_TYPE, hashes.get(i), now));
            }
            signed = fresh;
        }
    }

    /**
     * The bodies of one kind in one AppId. Updates: twice as many bodies as blocks, body i setting block
     * i mod blocks to NickName i, so that the body before it on the same block (i - blocks) set another
     * value and every update really changes the stored profile. A no-op carries the update bodies, so that
     * it costs the server the same bytes to read, hash and parse.
     */
    private static List<byte[]> bodies(BenchAction kind, int app, int blocks, int usersPerRequest,
            NickNames nickNames) {
        int count = kind == BenchAction.GET ? blocks : 2 * blocks;
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long firstUser = (long) (i % blocks) * usersPerRequest + 1;
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("AppId", app);
            if (kind == BenchAction.GET) {
                ArrayNode ids = body.putArray("UserIds");
                for (int u = 0; u < usersPerRequest; u++) {
                    ids.add(firstUser + u);
                }
            } else {
                ArrayNode users = body.putArray("Users");
                for (int u = 0; u < usersPerRequest; u++) {
                    users.addObject().put("UserId", firstUser + u).put("NickName", nickNames.update(i));
                }
            }
            bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }
}
