package io.wghub.gateway.server;

import io.wghub.gateway.control.InterfaceAddress;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.route.AllowedIps;
import io.wghub.gateway.route.Prefix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which routes the interface needs, as wg-quick decides them: one per allowed-IP prefix of each
 * peer, except prefixes an interface address's subnet or a wider allowed prefix already routes
 * here (wg-quick skips a prefix that `ip route show dev IF match` finds). Default routes (/0)
 * are not added: wg-quick sends them through fwmark policy routing instead (not in wghub yet).
 */
final class RoutePlan {
    private RoutePlan() {
    }

    /** @param skippedDefaults receives the /0 prefixes that were left out */
    static List<Prefix> routes(List<InterfaceAddress> addresses, List<PeerConfig> peers, List<Prefix> skippedDefaults) {
        Set<Prefix> wanted = new LinkedHashSet<>();
        for (PeerConfig peer : peers) {
            wanted.addAll(peer.allowedIps());
        }
        // What is routed here so far. Prefixes are taken shortest first, so whatever a lookup of a
        // prefix's network address finds is no longer than the prefix, and therefore covers it.
        AllowedIps<Boolean> covering = new AllowedIps<>();
        for (InterfaceAddress address : addresses) {
            if (address.network().length() > 0) {
                covering.insert(address.network(), Boolean.TRUE);
            }
        }
        List<Prefix> sorted = new ArrayList<>(wanted);
        sorted.sort(Comparator.comparingInt(Prefix::length)); // stable: file order within a length
        List<Prefix> routes = new ArrayList<>();
        for (Prefix prefix : sorted) {
            if (prefix.length() == 0) {
                skippedDefaults.add(prefix);
            } else if (covering.lookup(prefix.address()) == null) {
                routes.add(prefix);
                covering.insert(prefix, Boolean.TRUE);
            }
        }
        return routes;
    }
}
