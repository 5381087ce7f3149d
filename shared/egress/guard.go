package egress

import (
	"fmt"
	"net/netip"
	"syscall"

	"code.dny.dev/ssrf"
)

// localPrefixes are the extra addresses the local stage may dial: loopback (the provider
// simulator) and private networks (a container network on a developer's machine). Link-local,
// metadata and the other special ranges stay refused there too.
var (
	localV4 = []netip.Prefix{
		netip.MustParsePrefix("127.0.0.0/8"),
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
	}
	localV6 = []netip.Prefix{
		netip.MustParsePrefix("::1/128"),
		netip.MustParsePrefix("fc00::/7"),
	}
)

// guard returns the net.Dialer Control func that refuses forbidden destinations. It runs after
// DNS resolution and before connect(2), for every address the dialer tries, so no packet
// reaches a refused address whatever name led there.
func guard(local bool) func(network, address string, c syscall.RawConn) error {
	opts := []ssrf.Option{ssrf.WithAnyPort()}
	if local {
		opts = append(opts, ssrf.WithAllowedV4Prefixes(localV4...), ssrf.WithAllowedV6Prefixes(localV6...))
	}
	g := ssrf.New(opts...)
	return func(network, address string, c syscall.RawConn) error {
		if err := g.Safe(network, address, c); err != nil {
			return fmt.Errorf("%w: %w", ErrRefused, err)
		}
		return nil
	}
}
