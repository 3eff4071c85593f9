// Command micro measures wireguard-go's own code for the operations that wghub's JMH
// benchmarks measure (AEAD on 1420-byte packets, a full handshake, allowed-IPs lookups among
// 100,000 prefixes), so bench/micro-compare.sh can print the two side by side as ratios.
// It builds in GOPATH mode against Debian's golang-golang.zx2c4-wireguard-dev source.
package main

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	mrand "math/rand"
	"net/netip"
	"os"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/curve25519"
	"golang.zx2c4.com/wireguard/conn"
	"golang.zx2c4.com/wireguard/device"
	"golang.zx2c4.com/wireguard/tun/tuntest"
)

const (
	packetSize = 1420
	prefixes   = 100000
	addresses  = 1 << 16
	batch      = 1024
)

func report(name string, result testing.BenchmarkResult, opsPerIteration int) {
	seconds := result.T.Seconds()
	if seconds == 0 {
		fmt.Fprintf(os.Stderr, "%s: no time measured\n", name)
		os.Exit(1)
	}
	fmt.Printf("%s %.1f\n", name, float64(result.N*opsPerIteration)/seconds)
}

func aeadSeal(b *testing.B) {
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key)
	aead, _ := chacha20poly1305.New(key)
	packet := make([]byte, packetSize+chacha20poly1305.Overhead)
	var nonce [chacha20poly1305.NonceSize]byte
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		binary.LittleEndian.PutUint64(nonce[4:], uint64(i))
		aead.Seal(packet[:0], nonce[:], packet[:packetSize], nil)
	}
}

func aeadOpen(b *testing.B) {
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key)
	aead, _ := chacha20poly1305.New(key)
	var nonce [chacha20poly1305.NonceSize]byte
	sealed := aead.Seal(nil, nonce[:], make([]byte, packetSize), nil)
	work := make([]byte, len(sealed))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// The copy restores the ciphertext each time, as wghub's open benchmark does.
		copy(work, sealed)
		if _, err := aead.Open(work[:0], nonce[:], work, nil); err != nil {
			panic(err)
		}
	}
}

func newDevice() (*device.Device, device.NoisePublicKey) {
	var private device.NoisePrivateKey
	rand.Read(private[:])
	private[0] &= 248
	private[31] = (private[31] & 127) | 64
	var public device.NoisePublicKey
	out, _ := curve25519.X25519(private[:], curve25519.Basepoint)
	copy(public[:], out)
	dev := device.NewDevice(tuntest.NewChannelTUN().TUN(), conn.NewDefaultBind(),
		device.NewLogger(device.LogLevelSilent, ""))
	dev.SetPrivateKey(private)
	return dev, public
}

// fullHandshake runs initiation, response and both sessions, as wghub's HandshakeBenchmark.
// wireguard-go refuses initiations from one peer closer than 20 ms apart, so the initiators
// take turns: 256 of them keep each one's turns well apart at any rate reached here.
func fullHandshake(b *testing.B) {
	const initiators = 256
	responder, responderKey := newDevice()
	devices := make([]*device.Device, initiators)
	peers := make([]*device.Peer, initiators)
	for i := range devices {
		dev, key := newDevice()
		peer, _ := dev.NewPeer(responderKey)
		peer.Start()
		atResponder, _ := responder.NewPeer(key)
		atResponder.Start()
		devices[i], peers[i] = dev, peer
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dev, peer := devices[i%initiators], peers[i%initiators]
		initiation, err := dev.CreateMessageInitiation(peer)
		if err != nil {
			panic(err)
		}
		atResponder := responder.ConsumeMessageInitiation(initiation)
		if atResponder == nil {
			panic("initiation refused")
		}
		response, err := responder.CreateMessageResponse(atResponder)
		if err != nil {
			panic(err)
		}
		atResponder.BeginSymmetricSession()
		if dev.ConsumeMessageResponse(response) == nil {
			panic("response refused")
		}
		peer.BeginSymmetricSession()
	}
}

func v4(a uint32) netip.Addr {
	var bytes [4]byte
	binary.BigEndian.PutUint32(bytes[:], a)
	return netip.AddrFrom4(bytes)
}

func v6(high, low uint64) netip.Addr {
	var bytes [16]byte
	binary.BigEndian.PutUint64(bytes[:8], high)
	binary.BigEndian.PutUint64(bytes[8:], low)
	return netip.AddrFrom16(bytes)
}

// lookups builds the scenario's table (the same shapes as AllowedIpsBenchmark) and measures
// Lookup on pre-generated addresses, batch lookups per iteration.
func lookups(scenario string) func(b *testing.B) {
	return func(b *testing.B) {
		random := mrand.New(mrand.NewSource(42))
		var table device.AllowedIPs
		peers := make([]device.Peer, prefixes)
		const fd00 = uint64(0xfd00) << 48
		query := make([][]byte, addresses)
		switch scenario {
		case "hub":
			used := map[uint32]bool{}
			for i := range peers {
				a := uint32(0x0A080000) | uint32(random.Intn(1<<18))
				for used[a] {
					a = uint32(0x0A080000) | uint32(random.Intn(1<<18))
				}
				used[a] = true
				table.Insert(netip.PrefixFrom(v4(a), 32), &peers[i])
			}
			for i := range query {
				q := v4(uint32(0x0A080000) | uint32(random.Intn(1<<18))).As4()
				query[i] = q[:]
			}
		case "random":
			seen := map[netip.Prefix]bool{}
			for len(seen) < prefixes {
				p := netip.PrefixFrom(v4(random.Uint32()), 8+random.Intn(25)).Masked()
				seen[p] = true
				table.Insert(p, &peers[random.Intn(prefixes)])
			}
			for i := range query {
				q := v4(random.Uint32()).As4()
				query[i] = q[:]
			}
		case "hub6":
			used := map[uint64]bool{}
			for i := range peers {
				host := uint64(random.Intn(1 << 18))
				for used[host] {
					host = uint64(random.Intn(1 << 18))
				}
				used[host] = true
				table.Insert(netip.PrefixFrom(v6(fd00, host), 128), &peers[i])
			}
			for i := range query {
				q := v6(fd00, uint64(random.Intn(1<<18))).As16()
				query[i] = q[:]
			}
		case "hub6sparse":
			hosts := make([]uint64, prefixes)
			for i := range peers {
				hosts[i] = random.Uint64()
				table.Insert(netip.PrefixFrom(v6(fd00, hosts[i]), 128), &peers[i])
			}
			for i := range query {
				host := random.Uint64()
				if i%2 == 0 {
					host = hosts[random.Intn(prefixes)]
				}
				q := v6(fd00, host).As16()
				query[i] = q[:]
			}
		}
		b.ResetTimer()
		found := 0
		for i := 0; i < b.N; i++ {
			base := i * batch
			for j := 0; j < batch; j++ {
				if table.Lookup(query[(base+j)&(addresses-1)]) != nil {
					found++
				}
			}
		}
		if found < 0 {
			panic("unreachable")
		}
	}
}

func main() {
	report("aead.seal1420", testing.Benchmark(aeadSeal), 1)
	report("aead.open1420", testing.Benchmark(aeadOpen), 1)
	report("handshake.full", testing.Benchmark(fullHandshake), 1)
	for _, scenario := range []string{"hub", "random", "hub6", "hub6sparse"} {
		report("allowedips."+scenario, testing.Benchmark(lookups(scenario)), batch)
	}
}
