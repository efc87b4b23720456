//! Where a delivery may go: never to the hub's own machine, its private networks or a cloud's metadata
//! service (server-side request forgery), unless the operator allows an address or network
//! (`HUB_WEBHOOK_ALLOW_ADDRESSES`; the tests allow 127.0.0.1 for their receiver).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The hub's own machine (127.0.0.0/8, ::1) or the unspecified address.
    Loopback,
    /// A private network (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7).
    Private,
    /// Link-local (169.254/16, fe80::/10), where clouds serve their metadata.
    LinkLocal,
    /// A cloud's metadata service at another address (fd00:ec2::254).
    Metadata,
    /// Multicast, broadcast, documentation or reserved ranges: nothing a webhook lives at.
    Reserved,
}

impl Refusal {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loopback => "loopback",
            Self::Private => "private",
            Self::LinkLocal => "link_local",
            Self::Metadata => "metadata",
            Self::Reserved => "reserved",
        }
    }
}

/// The addresses deliveries may reach: every public one, and those the operator allows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    allowed: Vec<IpNet>,
}

impl AddressPolicy {
    /// A policy allowing, besides public addresses, each of `allowed`: an address (`127.0.0.1`) or a network
    /// (`10.20.0.0/16`).
    ///
    /// # Errors
    /// The entry that is neither.
    pub fn new<'a>(allowed: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in allowed.into_iter().map(str::trim).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => entry.parse::<IpAddr>().map(IpNet::from).map_err(|_| entry.to_owned())?,
            };
            nets.push(net);
        }
        Ok(Self { allowed: nets })
    }

    /// Why a delivery may not reach `ip`, or `None` when it may.
    pub fn refusal(&self, ip: IpAddr) -> Option<Refusal> {
        let ip = canonical(ip);
        if self.allowed.iter().any(|net| net.contains(&ip)) {
            return None;
        }
        match ip {
            IpAddr::V4(v4) => refusal_v4(v4),
            IpAddr::V6(v6) => refusal_v6(v6),
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 { 0 } else { u32::MAX << (32 - prefix) };
    u32::from(ip) & mask == u32::from(Ipv4Addr::from(net)) & mask
}

fn refusal_v4(ip: Ipv4Addr) -> Option<Refusal> {
    if ip.is_loopback() || ip.is_unspecified() || in_v4(ip, [0, 0, 0, 0], 8) {
        Some(Refusal::Loopback)
    } else if ip.is_private() || in_v4(ip, [100, 64, 0, 0], 10) {
        Some(Refusal::Private)
    } else if ip.is_link_local() {
        Some(Refusal::LinkLocal)
    } else if ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_documentation()
        || in_v4(ip, [240, 0, 0, 0], 4)
        || in_v4(ip, [192, 0, 0, 0], 24)
        || in_v4(ip, [198, 18, 0, 0], 15)
        || in_v4(ip, [192, 88, 99, 0], 24)
    {
        Some(Refusal::Reserved)
    } else {
        None
    }
}

/// Whether `ip` is in a prefix that carries IPv4 traffic (6to4, NAT64, IPv4-translated) or discards it.
fn is_tunnel(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    s[0] == 0x2002
        || s[0] == 0x0064
        || (s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0)
        || s[..4] == [0x0100, 0, 0, 0]
}

fn refusal_v6(ip: Ipv6Addr) -> Option<Refusal> {
    let first = ip.segments()[0];
    if ip.is_loopback() || ip.is_unspecified() {
        Some(Refusal::Loopback)
    } else if ip == Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254) {
        Some(Refusal::Metadata)
    } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfec0 {
        // Unique local (fc00::/7) and the deprecated site-local (fec0::/10).
        Some(Refusal::Private)
    } else if first & 0xffc0 == 0xfe80 {
        Some(Refusal::LinkLocal)
    } else if ip.is_multicast() || first == 0x2001 && matches!(ip.segments()[1], 0x0db8 | 0x0000) || is_tunnel(ip) {
        // Multicast, documentation (2001:db8::/32), and the ways to IPv4 addresses this check cannot see:
        // Teredo (2001::/32), 6to4 (2002::/16), NAT64 (64:ff9b::/96, 64:ff9b:1::/48), IPv4-translated
        // (::ffff:0:0/96); the discard-only 100::/64.
        Some(Refusal::Reserved)
    } else if let Some(v4) = ip.to_ipv4() {
        // IPv4-compatible (::a.b.c.d, deprecated): judged as the IPv4 address.
        refusal_v4(v4)
    } else {
        None
    }
}
