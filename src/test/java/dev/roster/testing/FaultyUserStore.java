package dev.roster.testing;

import dev.roster.store.Cause;
import dev.roster.store.Mutation;
import dev.roster.store.Profile;
import dev.roster.store.UserPage;
import dev.roster.store.UserQuery;
import dev.roster.store.UserStore;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/** A {@link UserStore} decorator that fails every call with a chosen exception while a fault is set. */
public final class FaultyUserStore implements UserStore {
    private final UserStore delegate;
    private volatile Supplier<RuntimeException> fault;

    public FaultyUserStore(UserStore delegate) {
        this.delegate = delegate;
    }

    /** Every following call throws what {@code fault} supplies; {@code null} heals the store. */
    public void failWith(Supplier<RuntimeException> fault) {
        this.fault = fault;
    }

    private void maybeFail() {
        Supplier<RuntimeException> current = fault;
        if (current != null) {
            throw current.get();
        }
    }

    @Override
    public Map<Long, Profile> find(int appId, Collection<Long> userIds) {
        maybeFail();
        return delegate.find(appId, userIds);
    }

    @Override
    public UserPage query(UserQuery query, long afterUserId, int limit, boolean withTotal) {
        maybeFail();
        return delegate.query(query, afterUserId, limit, withTotal);
    }

    @Override
    public long removeApp(int appId, Cause cause, long time) {
        maybeFail();
        return delegate.removeApp(appId, cause, time);
    }

    @Override
    public <R> R modify(int appId, Collection<Long> userIds, Mutation<R> mutation) {
        maybeFail();
        return delegate.modify(appId, userIds, mutation);
    }

    @Override
    public void ping() {
        maybeFail();
        delegate.ping();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
