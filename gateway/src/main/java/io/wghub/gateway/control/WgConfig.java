package io.wghub.gateway.control;

import java.util.List;
import java.util.Objects;

/**
 * A whole wg-quick configuration file: the interface, its peers and the warnings.
 *
 * <p>Peers are in file order; warnings are about settings read but not applied by wghub.
 *
 * @param warnings one line each, "SOURCE:LINE: what; what to do instead", in line order
 */
public record WgConfig(InterfaceConfig iface, List<PeerConfig> peers, List<String> warnings) {
    public WgConfig {
        Objects.requireNonNull(iface, "iface");
        peers = List.copyOf(peers);
        warnings = List.copyOf(warnings);
    }
}
