package io.wghub.gateway.peer;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Random unique indices, lookups, replacement and removal across table growth. */
class IndexTableTest {
    private record Named(int localIndex) implements IndexTable.Entry {
        @Override
        public Peer peer() {
            return null;
        }
    }

    @Test
    void registersUniqueIndicesAndFindsThemAcrossGrowthAndRemoval() {
        IndexTable table = new IndexTable();
        Map<Integer, IndexTable.Entry> model = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            IndexTable.Entry entry = new Named(i);
            int index = table.register(entry);
            assertNull(model.put(index, entry), "indices are unique");
            if (i % 3 == 0) {
                table.remove(index, entry);
                model.remove(index);
            }
        }
        assertEquals(model.size(), table.size());
        model.forEach((index, entry) -> assertSame(entry, table.lookup(index)));
    }

    @Test
    void replaceAndRemoveActOnlyOnTheExpectedEntry() {
        IndexTable table = new IndexTable();
        IndexTable.Entry handshake = new Named(1);
        IndexTable.Entry keypair = new Named(2);
        int index = table.register(handshake);
        table.replace(index, keypair, handshake);
        assertSame(handshake, table.lookup(index), "replace with a wrong expectation changes nothing");
        table.replace(index, handshake, keypair);
        assertSame(keypair, table.lookup(index));
        table.remove(index, handshake);
        assertSame(keypair, table.lookup(index), "the handshake no longer owns the index");
        table.remove(index, keypair);
        assertNull(table.lookup(index));
        assertEquals(0, table.size());
    }
}
