package dev.roster.testing;

import dev.roster.store.AccessKey;
import dev.roster.store.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link KeyStore} in a map, for tests of the layers above the store. */
public final class MemoryKeyStore implements KeyStore {
    private final Map<String, AccessKey> keys = new ConcurrentHashMap<>();
    private final AtomicInteger finds = new AtomicInteger();

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        finds.incrementAndGet();
        return Optional.ofNullable(keys.get(accessKeyId));
    }

    /** How many lookups by id this store has answered. */
    public int finds() {
        return finds.get();
    }

    @Override
    public List<AccessKey> list() {
        List<AccessKey> all = new ArrayList<>(keys.values());
        all.sort(Comparator.comparingLong(AccessKey::createdTime).thenComparing(AccessKey::accessKeyId));
        return all;
    }

    @Override
    public boolean create(AccessKey key) {
        return keys.putIfAbsent(key.accessKeyId(), key) == null;
    }

    @Override
    public boolean updateSecret(String accessKeyId, String secret) {
        return keys.computeIfPresent(accessKeyId, (id, key) -> key.withSecret(secret)) != null;
    }

    @Override
    public boolean setEnabled(String accessKeyId, boolean enabled) {
        return keys.computeIfPresent(accessKeyId, (id, k) ->
                new AccessKey(k.accessKeyId(), k.secret(), k.apps(), enabled, k.root(), k.createdTime())) != null;
    }

    @Override
    public boolean delete(String accessKeyId) {
        return keys.remove(accessKeyId) != null;
    }
}
