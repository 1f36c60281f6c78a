package dev.trueup.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trueup.model.KnownMetric;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every vector selector narrowed to the node; nothing else touched. */
class PromQlNodeSelectorTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          node_load5 | node_load5{node="gpu-1"}
          node_load5{} | node_load5{node="gpu-1"}
          up{job="node"} | up{node="gpu-1",job="node"}
          {__name__="up"} | {node="gpu-1",__name__="up"}
          up{node="other"} | up{node="other"}
          up{job="x", node=~"gpu-.*"} | up{job="x", node=~"gpu-.*"}
          up{job="node,x"} | up{node="gpu-1",job="node,x"}
          rate(http_requests_total[5m]) | rate(http_requests_total{node="gpu-1"}[5m])
          sum by (gpu) (DCGM_FI_DEV_GPU_TEMP) | sum by (gpu) (DCGM_FI_DEV_GPU_TEMP{node="gpu-1"})
          max(DCGM_FI_DEV_GPU_TEMP) by (gpu) | max(DCGM_FI_DEV_GPU_TEMP{node="gpu-1"}) by (gpu)
          a / on (instance) group_left (job) b | a{node="gpu-1"} / on (instance) group_left (job) b{node="gpu-1"}
          (probe_ssl_earliest_cert_expiry - time()) / 86400 | (probe_ssl_earliest_cert_expiry{node="gpu-1"} - time()) / 86400
          x offset 5m > 1e3 and y | x{node="gpu-1"} offset 5m > 1e3 and y{node="gpu-1"}
          label_replace(up, "dst", "$1", "src", "(.*)") | label_replace(up{node="gpu-1"}, "dst", "$1", "src", "(.*)")
          max_over_time(foo[1h:5m]) | max_over_time(foo{node="gpu-1"}[1h:5m])
          """)
  void selectorsGetTheNodesMatcher(String expr, String selected) {
    assertThat(PromQlNodeSelector.select(expr, "node", "gpu-1")).isEqualTo(selected);
  }

  @ParameterizedTest
  @EnumSource(KnownMetric.class)
  void everyKnownMetricIsNarrowedWhereverItReadsASeries(KnownMetric metric) {
    String selected = PromQlNodeSelector.select(metric.expr(), "instance", "aurora");
    assertThat(selected).contains("instance=\"aurora\"");
    assertThat(selected.replace("instance=\"aurora\",", "").replace("{instance=\"aurora\"}", ""))
        .isEqualTo(metric.expr());
  }
}
