package dev.roster.bench;

import dev.roster.auth.RequestSigner;
import java.net.URI;

/** One request ready to send: its kind, where it goes, the body and the headers that sign it. */
record SignedRequest(BenchAction action, URI uri, byte[] body, RequestSigner.Signature signature) {}
