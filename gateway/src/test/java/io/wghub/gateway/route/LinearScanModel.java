package io.wghub.gateway.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Obviously correct reference for {@link AllowedIps}: (prefix, peer) pairs scanned per lookup. */
final class LinearScanModel<P> {
    private final Map<Prefix, P> owners = new HashMap<>();
    private final Map<P, List<Prefix>> lists = new IdentityHashMap<>();
    private Prefix[] scanPrefixes;
    private List<P> scanPeers;

    void insert(Prefix prefix, P peer) {
        P old = owners.get(prefix);
        if (old == peer) {
            return;
        }
        if (old != null) {
            lists.get(old).remove(prefix);
        }
        owners.put(prefix, peer);
        lists.computeIfAbsent(peer, k -> new ArrayList<>()).add(prefix);
        scanPrefixes = null;
    }

    boolean remove(Prefix prefix, P peer) {
        if (owners.get(prefix) != peer) {
            return false;
        }
        owners.remove(prefix);
        lists.get(peer).remove(prefix);
        scanPrefixes = null;
        return true;
    }

    void removePeer(P peer) {
        List<Prefix> gone = lists.remove(peer);
        if (gone != null) {
            gone.forEach(owners::remove);
        }
        scanPrefixes = null;
    }

    List<Prefix> prefixesOf(P peer) {
        return List.copyOf(lists.getOrDefault(peer, List.of()));
    }

    int size() {
        return owners.size();
    }

    /** Every stored prefix. */
    List<Prefix> prefixes() {
        return new ArrayList<>(owners.keySet());
    }

    P owner(Prefix prefix) {
        return owners.get(prefix);
    }

    /** The peer of the longest stored prefix containing the address, found by checking them all. */
    P lookup(byte[] address) {
        if (scanPrefixes == null) {
            scanPrefixes = owners.keySet().toArray(new Prefix[0]);
            scanPeers = new ArrayList<>();
            for (Prefix p : scanPrefixes) {
                scanPeers.add(owners.get(p));
            }
        }
        boolean v4 = address.length == 4;
        long high = v4 ? (long) Bits.int32(address, 0) << 32 : Bits.int64(address, 0);
        long low = v4 ? 0 : Bits.int64(address, 8);
        int bestLength = -1;
        P best = null;
        for (int i = 0; i < scanPrefixes.length; i++) {
            Prefix p = scanPrefixes[i];
            if (p.isIpv4() == v4 && p.length() > bestLength
                    && (high & Bits.maskHigh(p.length())) == p.high()
                    && (low & Bits.maskLow(p.length())) == p.low()) {
                bestLength = p.length();
                best = scanPeers.get(i);
            }
        }
        return best;
    }
}
