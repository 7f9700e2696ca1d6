// The dashboard's charts, drawn from /dashboard/data. A file of its own, not inline, so that the page's
// Content-Security-Policy can refuse every inline script.
fetch('/dashboard/data', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
  .then(r => r.json())
  .then(board => {
    const s = board.metrics.summary;
    const months = s.monthly.map(p => p.period);
    const series = (name, pick) => ({name, type: 'line', connectNulls: true, data: s.monthly.map(p => pick(p.durations).mean)});
    echarts.init(document.getElementById('trend')).setOption({
      title: {text: 'Mean minutes per month', textStyle: {fontSize: 13}}, tooltip: {trigger: 'axis'},
      legend: {bottom: 0}, xAxis: {type: 'category', data: months}, yAxis: {type: 'value'},
      series: [series('MTTD', d => d.mttdMinutes), series('MTTC', d => d.mttcMinutes), series('MTTR', d => d.mttrMinutes)]
    });
    const targets = Object.entries(s.targets);
    const short = {mttdSev1: 'SEV1 detected < 30 min', mttdSev2: 'SEV2 detected < 4 h', mttcSev1: 'SEV1 contained < 1 h',
      mttcSev2: 'SEV2 contained < 4 h', timeToTriage: 'Triaged < 30 min'};
    echarts.init(document.getElementById('targets')).setOption({
      title: {text: 'Share meeting each target', textStyle: {fontSize: 13}}, tooltip: {},
      grid: {containLabel: true, left: 8, right: 16},
      xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value} %'}},
      yAxis: {type: 'category', data: targets.map(([k]) => short[k] || k)},
      series: [{type: 'bar', data: targets.map(([, t]) => t.share === null ? 0 : Math.round(t.share * 100))}]
    });
    echarts.init(document.getElementById('sources')).setOption({
      title: {text: 'Where incidents were detected', textStyle: {fontSize: 13}}, tooltip: {},
      series: [{type: 'pie', radius: '60%', data: Object.entries(s.sourceMix).map(([name, value]) => ({name, value}))}]
    });
  });
