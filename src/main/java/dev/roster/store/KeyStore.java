package dev.roster.store;

import java.util.List;
import java.util.Optional;

/** Where access keys live, beside the profiles so that every node sees a key as soon as it exists. */
public interface KeyStore {

    Optional<AccessKey> find(String accessKeyId);

    /** All keys, oldest first. */
    List<AccessKey> list();

    /** Stores a new key; false if one with the same id exists. */
    boolean create(AccessKey key);

    /** Replaces the stored secret of a key (used to seal or unseal secrets); false if there is no such key. */
    boolean updateSecret(String accessKeyId, String secret);

    /** False if there is no such key. */
    boolean setEnabled(String accessKeyId, boolean enabled);

    /** False if there is no such key. */
    boolean delete(String accessKeyId);
}
