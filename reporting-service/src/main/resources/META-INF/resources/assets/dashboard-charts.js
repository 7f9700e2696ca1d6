// The dashboard's charts, drawn from /dashboard/data. A file of its own, not inline, so that the page's
// Content-Security-Policy can refuse every inline script.
fetch('/dashboard/data', {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
  .then(r => r.json())
  .then(board => {
    const s = board.metrics.summary;
    const months = s.monthly.map(p => p.period);
    // One unit for the whole chart, the one its largest value reads best in (as the cards: min, h, d).
    const means = s.monthly.flatMap(p => [p.durations.mttdMinutes.mean, p.durations.mttcMinutes.mean,
      p.durations.mttrMinutes.mean]).filter(v => v !== null && v !== undefined);
    const largest = Math.max(0, ...means);
    const unit = largest < 120 ? {name: 'minutes', short: 'min', per: 1}
      : largest < 2880 ? {name: 'hours', short: 'h', per: 60} : {name: 'days', short: 'd', per: 1440};
    const scaled = v => v === null || v === undefined ? null : Math.round(v / unit.per * 10) / 10;
    const series = (name, pick) => ({name, type: 'line', connectNulls: true,
      data: s.monthly.map(p => scaled(pick(p.durations).mean))});
    const charts = [];
    charts.push(echarts.init(document.getElementById('trend')));
    charts[0].setOption({
      title: {text: 'Mean ' + unit.name + ' per month', textStyle: {fontSize: 13}}, tooltip: {trigger: 'axis',
        valueFormatter: v => v === null || v === undefined ? '-' : v + ' ' + unit.short},
      legend: {bottom: 0}, grid: {containLabel: true, left: 8, right: 16, top: 40, bottom: 36},
      xAxis: {type: 'category', data: months, axisLabel: {hideOverlap: true}},
      yAxis: {type: 'value', axisLabel: {formatter: '{value} ' + unit.short}},
      series: [series('MTTD', d => d.mttdMinutes), series('MTTC', d => d.mttcMinutes), series('MTTR', d => d.mttrMinutes)]
    });
    const targets = Object.entries(s.targets);
    const short = {mttdSev1: 'SEV1 detected < 30 min', mttdSev2: 'SEV2 detected < 4 h', mttcSev1: 'SEV1 contained < 1 h',
      mttcSev2: 'SEV2 contained < 4 h', timeToTriage: 'Triaged < 30 min'};
    charts.push(echarts.init(document.getElementById('targets')));
    charts[1].setOption({
      title: {text: 'Share meeting each target', textStyle: {fontSize: 13}}, tooltip: {},
      grid: {containLabel: true, left: 8, right: 16},
      xAxis: {type: 'value', max: 100, axisLabel: {formatter: '{value} %'}},
      yAxis: {type: 'category', data: targets.map(([k]) => short[k] || k), axisLabel: {width: 140, overflow: 'break'}},
      series: [{type: 'bar', data: targets.map(([, t]) => t.share === null ? 0 : Math.round(t.share * 100))}]
    });
    charts.push(echarts.init(document.getElementById('sources')));
    charts[2].setOption({
      title: {text: 'Where incidents were detected', textStyle: {fontSize: 13}}, tooltip: {},
      series: [{type: 'pie', radius: '55%', label: {width: 90, overflow: 'break'},
        data: Object.entries(s.sourceMix).map(([name, value]) => ({name, value}))}]
    });
    // Charts are drawn at their box's size: a phone turned, or a window narrowed, draws them again.
    window.addEventListener('resize', () => charts.forEach(c => c.resize()));
  });
