package dev.trueup.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a node's operating system is told beside its files and services: the packages it has, its
 * kernel parameters, its users and groups, its firewall and entries in users' own crontabs.
 * Inherited like the other node settings.
 */
public record HostSetup(
    SortedMap<String, PackageSpec> packages,
    SortedMap<String, SysctlSetting> sysctl,
    SortedMap<String, UserAccount> users,
    SortedMap<String, GroupAccount> groups,
    java.util.Optional<FirewallSpec> firewall,
    SortedMap<String, CrontabSpec> crontabs) {

  public static final HostSetup NONE =
      new HostSetup(
          new TreeMap<>(),
          new TreeMap<>(),
          new TreeMap<>(),
          new TreeMap<>(),
          java.util.Optional.empty(),
          new TreeMap<>());

  public HostSetup(
      SortedMap<String, PackageSpec> packages,
      SortedMap<String, SysctlSetting> sysctl,
      SortedMap<String, UserAccount> users,
      SortedMap<String, GroupAccount> groups,
      java.util.Optional<FirewallSpec> firewall) {
    this(packages, sysctl, users, groups, firewall, new TreeMap<>());
  }

  public HostSetup(
      SortedMap<String, PackageSpec> packages,
      SortedMap<String, SysctlSetting> sysctl,
      SortedMap<String, UserAccount> users,
      SortedMap<String, GroupAccount> groups) {
    this(packages, sysctl, users, groups, java.util.Optional.empty());
  }

  public HostSetup {
    packages = frozen(packages);
    sysctl = frozen(sysctl);
    users = frozen(users);
    groups = frozen(groups);
    firewall = firewall == null ? java.util.Optional.empty() : firewall;
    crontabs = frozen(crontabs);
  }

  public boolean isEmpty() {
    return packages.isEmpty()
        && sysctl.isEmpty()
        && users.isEmpty()
        && groups.isEmpty()
        && firewall.isEmpty()
        && crontabs.isEmpty();
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
