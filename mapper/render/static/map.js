/* mapper's incident map. Written for this project; runs on Leaflet + Leaflet.markercluster.
 *
 * Every string that comes from an article reaches the page through textContent or
 * setAttribute, never through innerHTML: articles are untrusted input. The only HTML
 * strings built here hold our own numbers, shapes and validated colours.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("mapper-data").textContent);
  var api = (window.mapper = { ready: false, data: DATA });
  var DAY_MS = 86400000;
  var SHAPES = {
    circle: '<circle cx="12" cy="12" r="8"/>',
    square: '<rect x="4.5" y="4.5" width="15" height="15" rx="2"/>',
    diamond: '<path d="M12 2.5 21.5 12 12 21.5 2.5 12z"/>',
    triangle: '<path d="M12 2.8 22 20.5H2z"/>',
    hexagon: '<path d="M7 3.5h10l5 8.5-5 8.5H7l-5-8.5z"/>',
    star: '<path d="M12 2.2l2.9 6.3 6.9.8-5.1 4.7 1.4 6.8L12 17.4l-6.1 3.4 1.4-6.8-5.1-4.7 6.9-.8z"/>'
  };
  var LETTER = /[\p{L}\p{N}]/u;
  var GEO_PRECISION = { 1: "the place itself", 2: "near or part of the place", 3: "a region" };

  // ---- small helpers ------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeColor(c) {
    return /^#[0-9a-fA-F]{6}$/.test(c) ? c : "#7f7f7f";
  }
  function shapeSvg(shape, color, size) {
    var body = SHAPES[shape] || SHAPES.circle;
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="' + (+size) +
      '" height="' + (+size) + '"><g fill="' + safeColor(color) +
      '" stroke="#fff" stroke-width="1.6" stroke-linejoin="round">' + body + "</g></svg>"
    );
  }
  function dayNumber(iso) {
    if (!iso) return null;
    var p = iso.split("-");
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY_MS);
  }
  function isoOfDay(n) {
    return new Date(n * DAY_MS).toISOString().slice(0, 10);
  }
  function monthLabel(key) {
    if (key === "undated") return "undated";
    var names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    var p = key.split("-");
    return names[+p[1] - 1] + " " + p[0];
  }
  function fatalText(lo, hi) {
    if (lo === null && hi === null) return null;
    if (lo === null) return "up to " + hi;
    if (hi === null || hi === lo) return String(lo);
    return lo + "–" + hi;
  }
  function debounce(fn, ms) {
    var t = null;
    return function () {
      clearTimeout(t);
      t = setTimeout(fn, ms);
    };
  }
  function safeHref(href) {
    if (typeof href !== "string" || !href) return null;
    if (/^https?:\/\//i.test(href) || /^file:\/\//i.test(href)) return href;
    return /^[a-z][a-z0-9+.-]*:/i.test(href) ? null : href; // relative path, no scheme
  }

  // ---- styles per type ----------------------------------------------------------------
  var typeByKey = {};
  DATA.types.forEach(function (t) {
    typeByKey[t.key] = t;
  });
  function typeOf(key) {
    return typeByKey[key] || { key: key, label: key, color: "#7f7f7f", shape: "circle" };
  }
  var iconCache = {};
  function typeIcon(key) {
    if (!iconCache[key]) {
      var t = typeOf(key);
      iconCache[key] = L.divIcon({
        className: "mi",
        html: shapeSvg(t.shape, t.color, 22),
        iconSize: [22, 22],
        iconAnchor: [11, 11],
        popupAnchor: [0, -10],
        tooltipAnchor: [10, 0]
      });
    }
    return iconCache[key];
  }

  // ---- the map and its base layers ----------------------------------------------------
  var map = L.map("map", { preferCanvas: true, minZoom: 2, maxZoom: 18, worldCopyJump: true, zoomControl: false });
  L.control.zoom({ position: "bottomright" }).addTo(map);
  L.control.scale({ position: "bottomright", imperial: false }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  map.createPane("basePane").style.zIndex = 150;
  map.createPane("labelPane").style.zIndex = 450;
  map.createPane("linkPane").style.zIndex = 420;
  var baseRenderer = L.canvas({ pane: "basePane", padding: 0.5 });

  function decode(flat, scale) {
    var pts = [];
    var x = 0;
    var y = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      pts.push([y / scale, x / scale]);
    }
    return pts;
  }

  var offline = L.layerGroup();
  offline.mapperName = "offline";
  var cityLayer = L.layerGroup();
  var cityMarkers = [];
  if (DATA.base) {
    var B = DATA.base;
    var decodeRings = function (scale) {
      return function (rings) {
        return rings.map(function (r) { return decode(r, scale); });
      };
    };
    var land = B.land.map(decodeRings(B.coarse_scale)).concat(B.land_fine.map(decodeRings(B.borders_scale)));
    L.polygon(land, {
      renderer: baseRenderer, stroke: false, fillColor: "#f4f1ea", fillOpacity: 1, fillRule: "nonzero",
      interactive: false
    }).addTo(offline);
    L.polyline(B.admin1.map(function (p) { return decode(p, B.borders_scale); }), {
      renderer: baseRenderer, color: "#b9ada0", weight: 0.8, dashArray: "5 4", interactive: false
    }).addTo(offline);
    L.polyline(B.coarse_borders.map(function (p) { return decode(p, B.coarse_scale); }), {
      renderer: baseRenderer, color: "#9a8f84", weight: 0.9, interactive: false
    }).addTo(offline);
    L.polyline(B.borders.map(function (p) { return decode(p, B.borders_scale); }), {
      renderer: baseRenderer, color: "#9a8f84", weight: 1.1, interactive: false
    }).addTo(offline);
    B.cities.forEach(function (c) {
      var label = el("div", null);
      label.appendChild(el("span", "dot"));
      label.appendChild(el("span", "name", c[0]));
      var m = L.marker([c[1], c[2]], {
        icon: L.divIcon({ className: "city-label", html: label, iconSize: null, iconAnchor: [3, 3] }),
        interactive: false, keyboard: false, pane: "labelPane"
      });
      m.population = c[3];
      m.labelLength = String(c[0]).length;
      cityMarkers.push(m);
    });
    cityLayer.addTo(offline);
    offline.getAttribution = function () {
      return B.attribution;
    };
  }
  function cityThreshold(z) {
    if (z <= 3) return 5000000;
    if (z <= 4) return 2000000;
    if (z <= 5) return 1000000;
    if (z <= 6) return 400000;
    return 0;
  }
  function updateCities() {
    // Largest first; a label that would overlap one already placed is left out.
    var min = cityThreshold(map.getZoom());
    var placed = [];
    cityLayer.clearLayers();
    cityMarkers.forEach(function (m) {
      if (m.population < min) return;
      var p = map.latLngToLayerPoint(m.getLatLng());
      var box = [p.x - 4, p.y - 8, p.x + 10 + 6.2 * m.labelLength, p.y + 8];
      for (var i = 0; i < placed.length; i++) {
        var q = placed[i];
        if (box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3]) return;
      }
      placed.push(box);
      cityLayer.addLayer(m);
    });
  }
  map.on("zoomend", updateCities);

  var baseLayers = [
    { key: "offline", label: "Offline map (Natural Earth borders and provinces, GeoNames cities)", layer: offline },
    {
      key: "osm", label: "OpenStreetMap (online)",
      layer: L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19, attribution: "© OpenStreetMap contributors"
      })
    },
    {
      key: "satellite", label: "Satellite, Esri World Imagery (online)",
      layer: L.tileLayer(
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        { maxZoom: 19, attribution: "Imagery © Esri, Maxar, Earthstar Geographics, GIS User Community" }
      )
    }
  ];
  var currentBase = null;
  function setBase(key) {
    baseLayers.forEach(function (b) {
      if (b.key === key) {
        if (!map.hasLayer(b.layer)) b.layer.addTo(map);
        currentBase = b;
      } else if (map.hasLayer(b.layer)) {
        map.removeLayer(b.layer);
      }
    });
    map.getContainer().setAttribute("data-base", key);
  }

  // ---- incidents ----------------------------------------------------------------------
  var incidents = DATA.incidents;
  var byId = {};
  var markers = [];
  var inbound = {};
  incidents.forEach(function (inc) {
    byId[inc.id] = inc;
    inc._from = dayNumber(inc.date_start);
    inc._to = dayNumber(inc.date_end || inc.date_start);
    var hay = [inc.location, inc.event_type.replace(/_/g, " "), typeOf(inc.event_type).label, inc.id]
      .concat(inc.location_raw, inc.actors);
    inc.sources.forEach(function (s) {
      hay.push(s.outlet, s.title, s.quote);
    });
    inc._hay = hay.join("\n").toLowerCase();
    inc._outlets = inc.sources.map(function (s) { return s.outlet; });
  });
  incidents.forEach(function (inc) {
    inc.links.forEach(function (ln) {
      if (byId[ln.target]) (inbound[ln.target] = inbound[ln.target] || []).push({ from: inc.id, link: ln });
    });
  });

  function incidentSummary(inc) {
    return typeOf(inc.event_type).label + " · " + (inc.location || "unknown place") + " · " +
      (inc.date_start || "undated");
  }

  function highlighted(quote, names) {
    var box = el("blockquote", "quote");
    var lower = quote.toLowerCase();
    var spans = [];
    names.forEach(function (n) {
      if (!n) return;
      var needle = n.toLowerCase();
      var at = lower.indexOf(needle);
      while (at >= 0) {
        var end = at + needle.length;
        // Whole words only: "Iraq" is not highlighted inside "Iraqi".
        if (!LETTER.test(lower.charAt(at - 1)) && !LETTER.test(lower.charAt(end))) spans.push([at, end]);
        at = lower.indexOf(needle, end);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      box.appendChild(document.createTextNode(quote.slice(pos, s[0])));
      box.appendChild(el("mark", null, quote.slice(s[0], s[1])));
      pos = s[1];
    });
    box.appendChild(document.createTextNode(quote.slice(pos)));
    return box;
  }

  function row(table, label, value) {
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (value instanceof Node) td.appendChild(value);
    else td.textContent = value;
    tr.appendChild(td);
    table.appendChild(tr);
    return td;
  }

  function incidentButton(id) {
    var target = byId[id];
    var b = el("button", "linkbtn", target ? incidentSummary(target) : id);
    b.type = "button";
    b.addEventListener("click", function () {
      api.openIncident(id);
    });
    return b;
  }

  function popupContent(inc) {
    var t = typeOf(inc.event_type);
    var root = el("div", "pop");
    root.setAttribute("data-incident", inc.id);
    var head = el("div", "pop-head");
    var chip = el("span", "chip");
    chip.innerHTML = shapeSvg(t.shape, t.color, 18);
    head.appendChild(chip);
    head.appendChild(el("span", "pop-type", t.label));
    head.appendChild(el("span", "pop-id", inc.id));
    root.appendChild(head);

    var table = el("table", "facts");
    var when = inc.date_start || "date unknown";
    if (inc.date_end && inc.date_end !== inc.date_start) when += " to " + inc.date_end;
    row(table, "Date", when + " (precision: " + inc.time_precision + ")");
    var place = el("span");
    place.appendChild(el("b", null, inc.location || "unknown place"));
    if (inc.country_code) place.appendChild(document.createTextNode(" (" + inc.country_code + ")"));
    place.appendChild(el("br"));
    place.appendChild(el("span", "muted",
      "geo precision " + inc.geo_precision + ": " + (GEO_PRECISION[inc.geo_precision] || "?") +
      (inc.uncertainty_km ? ", ± " + inc.uncertainty_km + " km" : "")));
    row(table, "Place", place);
    if (inc.location_raw.length) row(table, "As written", inc.location_raw.map(function (r) { return "“" + r + "”"; }).join(", "));
    row(table, "Actors", inc.actors.length ? inc.actors.join("; ") : "not named");
    var fat = fatalText(inc.fatalities_low, inc.fatalities_high);
    var perSource = inc.sources.map(function (s) { return fatalText(s.fatalities_low, s.fatalities_high); });
    var distinct = perSource.filter(function (v, i, a) { return v !== null && a.indexOf(v) === i; });
    if (distinct.length > 1) {
      var list = el("ul", "fatal-list");
      inc.sources.forEach(function (s, i) {
        list.appendChild(el("li", null, s.outlet + ": " + (perSource[i] === null ? "no figure" : perSource[i])));
      });
      var cell = el("span");
      cell.appendChild(el("span", null, (fat === null ? "unknown" : fat) + " (sources differ)"));
      cell.appendChild(list);
      row(table, "Fatalities", cell);
    } else {
      row(table, "Fatalities", fat === null ? (distinct[0] || "not reported") : fat);
    }
    inc.links.forEach(function (ln) {
      var cell = el("span");
      cell.appendChild(incidentButton(ln.target));
      if (ln.evidence) cell.appendChild(el("div", "muted evidence", "“" + ln.evidence + "”"));
      row(table, ln.relation.replace(/_/g, " "), cell);
    });
    (inbound[inc.id] || []).forEach(function (x) {
      row(table, "answered by", incidentButton(x.from));
    });
    root.appendChild(table);

    root.appendChild(el("div", "src-head", inc.sources.length + (inc.sources.length === 1 ? " source" : " sources")));
    var names = inc.location_raw.slice();
    if (inc.location) names.push(inc.location);
    inc.sources.forEach(function (s) {
      var box = el("div", "source");
      var line = el("div", "src-line");
      line.appendChild(el("b", "outlet", s.outlet));
      line.appendChild(document.createTextNode(" · " + (s.published || "publication date unknown")));
      box.appendChild(line);
      if (s.title) box.appendChild(el("div", "src-title", s.title));
      box.appendChild(highlighted(s.quote, names.concat(s.location_raw || [])));
      var href = safeHref(s.href);
      var foot = el("div", "src-foot");
      foot.appendChild(el("span", "muted", "doc " + s.doc_id + ", chars " + s.start + "–" + s.end));
      if (href) {
        var a = el("a", null, /^https?:/i.test(href) ? "open article ↗" : "open local file ↗");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        foot.appendChild(a);
      }
      box.appendChild(foot);
      root.appendChild(box);
    });
    return root;
  }

  incidents.forEach(function (inc) {
    var m = L.marker([inc.latitude, inc.longitude], { icon: typeIcon(inc.event_type), keyboard: true });
    m.incident = inc;
    m.bindPopup(function () { return popupContent(inc); }, {
      maxWidth: 480,
      minWidth: 320,
      // Long source lists scroll inside the popup; its top clears the title box.
      maxHeight: Math.max(240, window.innerHeight - 260),
      autoPanPaddingTopLeft: [40, 170],
      autoPanPaddingBottomRight: [40, 90],
    });
    m.bindTooltip(function () { return el("span", null, incidentSummary(inc)); }, { direction: "right" });
    inc._marker = m;
    markers.push(m);
  });

  function clusterIcon(cluster) {
    var counts = {};
    var children = cluster.getAllChildMarkers();
    children.forEach(function (m) {
      var k = m.incident.event_type;
      counts[k] = (counts[k] || 0) + 1;
    });
    var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
    var stops = [];
    var acc = 0;
    keys.forEach(function (k) {
      var from = (acc / children.length) * 360;
      acc += counts[k];
      var to = (acc / children.length) * 360;
      stops.push(safeColor(typeOf(k).color) + " " + from.toFixed(1) + "deg " + to.toFixed(1) + "deg");
    });
    var n = children.length;
    var size = n < 10 ? 34 : n < 100 ? 40 : n < 1000 ? 46 : 52;
    return L.divIcon({
      className: "cluster",
      html: '<div class="ring" style="background:conic-gradient(' + stops.join(",") + ')"><span>' + n + "</span></div>",
      iconSize: [size, size]
    });
  }
  var cluster = L.markerClusterGroup({
    chunkedLoading: true,
    chunkInterval: 200,
    chunkDelay: 1,
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    spiderfyDistanceMultiplier: 1.4,
    iconCreateFunction: clusterIcon,
    zoomToBoundsOnClick: false
  });
  cluster.addTo(map);
  // A cluster whose incidents lie close together (or on one point, such as a region's
  // centre) opens in place instead of zooming to street level.
  cluster.on("clusterclick", function (e) {
    var bounds = e.layer.getBounds();
    if (map.getBoundsZoom(bounds) > 12) e.layer.spiderfy();
    else e.layer.zoomToBounds({ padding: [40, 40] });
  });

  // ---- overlays: precision circles, links, places mentioned ---------------------------
  var circleLayer = L.layerGroup().addTo(map);
  var linkLayer = L.layerGroup().addTo(map);
  var mentionLayer = L.layerGroup();
  var linkRenderer = L.svg({ pane: "linkPane" });

  function circleOf(inc) {
    if (inc._circle === undefined) {
      inc._circle = null;
      if (inc.geo_precision >= 2 && inc.uncertainty_km > 0) {
        var c = safeColor(typeOf(inc.event_type).color);
        inc._circle = L.circle([inc.latitude, inc.longitude], {
          radius: inc.uncertainty_km * 1000, color: c, weight: 1.2, dashArray: "4 4",
          fillColor: c, fillOpacity: 0.04, interactive: false
        });
      }
    }
    return inc._circle;
  }

  var links = [];
  incidents.forEach(function (inc) {
    inc.links.forEach(function (ln) {
      var target = byId[ln.target];
      if (!target) return;
      var a = L.latLng(inc.latitude, inc.longitude);
      var b = L.latLng(target.latitude, target.longitude);
      if (a.equals(b)) return;
      // A gentle arc, so that links in both directions between two places stay apart.
      var pa = map.project(a, 0);
      var pb = map.project(b, 0);
      var mid = pa.add(pb).divideBy(2);
      var d = pb.subtract(pa);
      var ctrl = mid.add(L.point(-d.y, d.x).multiplyBy(0.18));
      var pts = [];
      for (var i = 0; i <= 24; i++) {
        var t = i / 24;
        var x = (1 - t) * (1 - t) * pa.x + 2 * (1 - t) * t * ctrl.x + t * t * pb.x;
        var y = (1 - t) * (1 - t) * pa.y + 2 * (1 - t) * t * ctrl.y + t * t * pb.y;
        pts.push(L.point(x, y));
      }
      var latlngs = pts.map(function (p) { return map.unproject(p, 0); });
      var tip = pts[15];
      var tail = pts[13];
      var angle = (Math.atan2(tip.y - tail.y, tip.x - tail.x) * 180) / Math.PI;
      var line = L.polyline(latlngs, {
        renderer: linkRenderer, color: "#3b3b3b", weight: 2.2, opacity: 0.85, dashArray: null
      });
      var label = el("div", "link-tip");
      label.appendChild(el("b", null, ln.relation.replace(/_/g, " ")));
      label.appendChild(el("div", null, incidentSummary(inc) + " → " + incidentSummary(target)));
      if (ln.evidence) label.appendChild(el("div", "muted", "“" + ln.evidence + "”"));
      line.bindTooltip(label, { sticky: true });
      line.on("click", function () { api.openIncident(inc.id); });
      var arrow = L.marker(map.unproject(tip, 0), {
        icon: L.divIcon({
          className: "arrow",
          html: '<svg viewBox="0 0 20 20" width="20" height="20" style="transform:rotate(' + angle.toFixed(1) +
            'deg)"><path d="M3 3 18 10 3 17 7 10z" fill="#3b3b3b"/></svg>',
          iconSize: [20, 20], iconAnchor: [10, 10]
        }),
        interactive: false, keyboard: false, pane: "linkPane"
      });
      links.push({ from: inc, to: target, layers: [line, arrow] });
    });
  });

  DATA.mentions.forEach(function (p) {
    var dot = L.circleMarker([p.lat, p.lon], {
      radius: 3 + Math.min(5, Math.sqrt(p.count)), color: "#556", weight: 1, opacity: 0.45,
      fillColor: "#889", fillOpacity: 0.18
    });
    dot.bindTooltip(function () {
      var box = el("div");
      box.appendChild(el("b", null, p.name));
      box.appendChild(el("div", null, "mentioned " + p.count + "× in " + p.docs.length + " article(s)"));
      box.appendChild(el("div", "muted", "as written: " + p.written.join(", ")));
      return box;
    });
    mentionLayer.addLayer(dot);
  });

  // ---- filters ------------------------------------------------------------------------
  var state = {
    type: {}, month: {}, outlet: {}, query: "", undated: true,
    from: null, to: null, overlays: { links: true, circles: true, mentions: true }
  };
  DATA.types.forEach(function (t) { state.type[t.key] = true; });
  DATA.months.forEach(function (m) { state.month[m[0]] = true; });
  DATA.outlets.forEach(function (o) { state.outlet[o[0]] = true; });
  var days = incidents.map(function (i) { return i._from; }).filter(function (d) { return d !== null; });
  var dayMin = days.length ? Math.min.apply(null, days) : null;
  var dayMax = days.length ? Math.max.apply(null, incidents.map(function (i) { return i._to === null ? -Infinity : i._to; })) : null;
  state.from = dayMin;
  state.to = dayMax;

  function isVisible(inc) {
    if (!state.type[inc.event_type] || !state.month[inc.month]) return false;
    var anyOutlet = false;
    for (var i = 0; i < inc._outlets.length; i++) if (state.outlet[inc._outlets[i]]) anyOutlet = true;
    if (!anyOutlet) return false;
    if (inc._from === null) {
      if (!state.undated) return false;
    } else if (inc._to < state.from || inc._from > state.to) {
      return false;
    }
    if (state.query) {
      var terms = state.query.split(/\s+/);
      for (var j = 0; j < terms.length; j++) if (terms[j] && inc._hay.indexOf(terms[j]) < 0) return false;
    }
    return true;
  }

  var histBars = [];
  var visibleSet = {};
  var onFirstDraw = null;
  function apply() {
    var shown = [];
    visibleSet = {};
    incidents.forEach(function (inc) {
      if (isVisible(inc)) {
        shown.push(inc._marker);
        visibleSet[inc.id] = true;
      }
    });
    cluster.clearLayers();
    cluster.addLayers(shown);
    circleLayer.clearLayers();
    if (state.overlays.circles) {
      incidents.forEach(function (inc) {
        var c = visibleSet[inc.id] && circleOf(inc);
        if (c) circleLayer.addLayer(c);
      });
    }
    linkLayer.clearLayers();
    if (state.overlays.links) {
      links.forEach(function (lk) {
        if (visibleSet[lk.from.id] && visibleSet[lk.to.id]) {
          lk.layers.forEach(function (l) { linkLayer.addLayer(l); });
        }
      });
    }
    if (state.overlays.mentions) mentionLayer.addTo(map);
    else map.removeLayer(mentionLayer);
    updateShown(shown.length);
    api.visibleCount = shown.length;
  }
  var applySoon = debounce(apply, 120);

  api._map = map;
  api._cluster = cluster;
  api.visibleIds = function () {
    return Object.keys(visibleSet).sort();
  };
  var MAX_FOCUS_ZOOM = 11;
  api.openIncident = function (id) {
    var inc = byId[id];
    if (!inc || !visibleSet[id]) return false;
    var m = inc._marker;
    var at = m.getLatLng();
    map.closePopup();
    // Zoom only as far as the marker leaves its cluster, and never past the extent of its
    // uncertainty; then spiderfy what is still clustered (incidents placed at one point,
    // such as a region's centre, never separate by zooming).
    var parent = m.__parent;
    var want = parent && parent._zoom !== undefined ? parent._zoom + 1 : map.getZoom();
    var cap = MAX_FOCUS_ZOOM;
    if (inc.uncertainty_km > 0) cap = Math.min(cap, map.getBoundsZoom(at.toBounds(inc.uncertainty_km * 2000)));
    var zoom = Math.max(map.getZoom(), Math.min(want, cap));
    function reveal() {
      var shown = cluster.getVisibleParent(m);
      if (shown && shown !== m && shown.spiderfy) {
        cluster.once("spiderfied", function () { m.openPopup(); });
        shown.spiderfy();
      } else {
        m.openPopup();
      }
    }
    map.setView(at, zoom, { animate: false });
    setTimeout(reveal, 350); // after markercluster's own re-clustering animation
    return true;
  };
  api.setFilter = function (group, key, on) {
    if (group === "overlay") state.overlays[key] = !!on;
    else state[group][key] = !!on;
    syncInputs();
    apply();
  };
  api.setTimeRange = function (fromIso, toIso) {
    if (dayMin === null) return;
    state.from = fromIso ? Math.max(dayMin, dayNumber(fromIso)) : dayMin;
    state.to = toIso ? Math.min(dayMax, dayNumber(toIso)) : dayMax;
    syncInputs();
    apply();
  };
  api.setQuery = function (q) {
    state.query = String(q || "").trim().toLowerCase();
    searchInput.value = q;
    apply();
    renderResults();
  };

  // ---- user interface: title box, search, layer panel, time filter, legend ------------
  var meta = DATA.meta;
  var titleBox = document.getElementById("mapper-title");
  titleBox.appendChild(el("h1", null, DATA.title));
  titleBox.appendChild(el("div", "summary",
    meta.incidents + " incident" + (meta.incidents === 1 ? "" : "s") + " from " + meta.articles +
    " article" + (meta.articles === 1 ? "" : "s")));
  titleBox.appendChild(el("div", "range",
    meta.date_min ? (meta.date_min === meta.date_max ? meta.date_min : meta.date_min + " to " + meta.date_max) : "no dates"));
  var shownLine = el("div", "shown");
  titleBox.appendChild(shownLine);
  function updateShown(n) {
    shownLine.textContent = n === meta.incidents ? "all shown" : "showing " + n + " of " + meta.incidents;
  }
  var searchInput = el("input");
  searchInput.type = "search";
  searchInput.id = "mapper-search";
  searchInput.placeholder = "Search places, actors, outlets, quotes…";
  searchInput.setAttribute("aria-label", "Search incidents");
  titleBox.appendChild(searchInput);
  var results = el("ol", "results");
  titleBox.appendChild(results);
  function renderResults() {
    results.textContent = "";
    if (!state.query) return;
    var hits = incidents.filter(function (inc) { return visibleSet[inc.id]; });
    hits.slice(0, 12).forEach(function (inc) {
      var li = el("li");
      li.appendChild(incidentButton(inc.id));
      results.appendChild(li);
    });
    if (hits.length > 12) results.appendChild(el("li", "muted", "… " + (hits.length - 12) + " more"));
    if (!hits.length) results.appendChild(el("li", "muted", "no match"));
  }
  searchInput.addEventListener("input", debounce(function () {
    state.query = searchInput.value.trim().toLowerCase();
    apply();
    renderResults();
  }, 150));
  searchInput.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var first = api.visibleIds().length && incidents.filter(function (i) { return visibleSet[i.id]; })[0];
      if (first) api.openIncident(first.id);
    }
  });

  var panel = document.getElementById("mapper-layers");
  var inputs = [];
  function section(title, open) {
    var d = el("details", "group");
    d.open = open;
    d.appendChild(el("summary", null, title));
    panel.appendChild(d);
    return d;
  }
  function checkbox(parent, group, key, label, count, symbol) {
    var lab = el("label", "opt");
    var input = el("input");
    input.type = group === "base" ? "radio" : "checkbox";
    if (group === "base") input.name = "mapper-base";
    input.setAttribute("data-group", group);
    input.setAttribute("data-key", key);
    lab.appendChild(input);
    if (symbol) {
      var s = el("span", "sym");
      s.innerHTML = symbol;
      lab.appendChild(s);
    }
    lab.appendChild(el("span", "lbl", label));
    if (count !== null && count !== undefined) lab.appendChild(el("span", "count", count));
    parent.appendChild(lab);
    inputs.push(input);
    input.addEventListener("change", function () {
      if (group === "base") {
        setBase(key);
      } else {
        if (group === "overlay") state.overlays[key] = input.checked;
        else state[group][key] = input.checked;
        applySoon();
      }
    });
    return input;
  }
  function allNone(parent, group) {
    var bar = el("div", "allnone");
    ["all", "none"].forEach(function (what) {
      var b = el("button", null, what);
      b.type = "button";
      b.addEventListener("click", function () {
        Object.keys(state[group]).forEach(function (k) { state[group][k] = what === "all"; });
        syncInputs();
        apply();
      });
      bar.appendChild(b);
    });
    parent.appendChild(bar);
  }
  var sBase = section("Base map", true);
  baseLayers.forEach(function (b) { checkbox(sBase, "base", b.key, b.label, null); });
  var sOver = section("Overlays", true);
  var nCircles = incidents.filter(function (i) { return i.geo_precision >= 2 && i.uncertainty_km > 0; }).length;
  checkbox(sOver, "overlay", "links", "Retaliation links (arrows)", links.length,
    '<svg viewBox="0 0 24 12" width="22" height="12"><path d="M1 6h16" stroke="#3b3b3b" stroke-width="2.2"/><path d="M14 1l9 5-9 5 2-5z" fill="#3b3b3b"/></svg>');
  checkbox(sOver, "overlay", "circles", "Precision circles (geo precision 2–3)", nCircles,
    '<svg viewBox="0 0 24 24" width="18" height="18"><circle cx="12" cy="12" r="9" fill="#d6272810" stroke="#555" stroke-dasharray="3 3"/></svg>');
  checkbox(sOver, "overlay", "mentions", "Places mentioned in the articles", DATA.mentions.length,
    '<svg viewBox="0 0 24 24" width="18" height="18"><circle cx="12" cy="12" r="6" fill="#88999930" stroke="#556"/></svg>');
  var sType = section("Incident type", true);
  allNone(sType, "type");
  DATA.types.forEach(function (t) { checkbox(sType, "type", t.key, t.label, t.count, shapeSvg(t.shape, t.color, 18)); });
  var sMonth = section("Month", DATA.months.length <= 12);
  allNone(sMonth, "month");
  DATA.months.forEach(function (m) { checkbox(sMonth, "month", m[0], monthLabel(m[0]), m[1]); });
  var sOutlet = section("Source outlet", DATA.outlets.length <= 12);
  allNone(sOutlet, "outlet");
  DATA.outlets.forEach(function (o) { checkbox(sOutlet, "outlet", o[0], o[0], o[1]); });

  // Time filter
  var timeBox = document.getElementById("mapper-time");
  var fromInput = el("input");
  var toInput = el("input");
  var timeLabel = el("span", "time-label");
  var undatedInput = el("input");
  if (dayMin !== null) {
    [fromInput, toInput].forEach(function (inp, i) {
      inp.type = "range";
      inp.min = String(dayMin);
      inp.max = String(dayMax);
      inp.step = "1";
      inp.id = i === 0 ? "mapper-time-from" : "mapper-time-to";
      inp.setAttribute("aria-label", i === 0 ? "from date" : "to date");
    });
    timeBox.appendChild(el("span", "time-title", "Dates"));
    var sliders = el("div", "sliders");
    sliders.appendChild(histogram());
    sliders.appendChild(fromInput);
    sliders.appendChild(toInput);
    timeBox.appendChild(sliders);
    timeBox.appendChild(timeLabel);
    var und = el("label", "undated");
    undatedInput.type = "checkbox";
    undatedInput.id = "mapper-undated";
    und.appendChild(undatedInput);
    und.appendChild(el("span", null, "undated"));
    timeBox.appendChild(und);
    var onSlide = function () {
      var a = +fromInput.value;
      var b = +toInput.value;
      state.from = Math.min(a, b);
      state.to = Math.max(a, b);
      timeLabel.textContent = isoOfDay(state.from) + " – " + isoOfDay(state.to);
      shadeHistogram();
      applySoon();
    };
    fromInput.addEventListener("input", onSlide);
    toInput.addEventListener("input", onSlide);
    undatedInput.addEventListener("change", function () {
      state.undated = undatedInput.checked;
      applySoon();
    });
  } else {
    timeBox.appendChild(el("span", "muted", "no dated incidents"));
  }

  // Incidents per period above the date sliders; bars outside the chosen range fade.
  function histogram() {
    var SVG_NS = "http://www.w3.org/2000/svg";
    var span = dayMax - dayMin + 1;
    var count = Math.min(80, span);
    var bins = [];
    for (var i = 0; i < count; i++) bins.push(0);
    incidents.forEach(function (inc) {
      if (inc._from !== null) bins[Math.min(count - 1, Math.floor(((inc._from - dayMin) * count) / span))]++;
    });
    var top = Math.max.apply(null, bins) || 1;
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "hist");
    svg.setAttribute("viewBox", "0 0 " + count + " 20");
    svg.setAttribute("preserveAspectRatio", "none");
    bins.forEach(function (n, i) {
      var h = n ? Math.max(2, (20 * n) / top) : 0;
      var r = document.createElementNS(SVG_NS, "rect");
      r.setAttribute("x", String(i + 0.08));
      r.setAttribute("width", "0.84");
      r.setAttribute("y", String(20 - h));
      r.setAttribute("height", String(h));
      var t = document.createElementNS(SVG_NS, "title");
      t.textContent = n + " incident(s) from " + isoOfDay(dayMin + Math.floor((i * span) / count));
      r.appendChild(t);
      svg.appendChild(r);
      histBars.push({ rect: r, from: dayMin + (i * span) / count, to: dayMin + ((i + 1) * span) / count - 1 });
    });
    return svg;
  }
  function shadeHistogram() {
    histBars.forEach(function (b) {
      b.rect.setAttribute("class", b.to < state.from || b.from > state.to ? "out" : "in");
    });
  }

  function syncInputs() {
    inputs.forEach(function (inp) {
      var g = inp.getAttribute("data-group");
      var k = inp.getAttribute("data-key");
      if (g === "base") inp.checked = currentBase && currentBase.key === k;
      else if (g === "overlay") inp.checked = !!state.overlays[k];
      else inp.checked = !!state[g][k];
    });
    if (dayMin !== null) {
      fromInput.value = String(state.from);
      toInput.value = String(state.to);
      timeLabel.textContent = isoOfDay(state.from) + " – " + isoOfDay(state.to);
      undatedInput.checked = state.undated;
      shadeHistogram();
    }
  }

  // Legend
  var legend = el("details");
  legend.open = window.innerWidth > 800;
  legend.appendChild(el("summary", "legend-title", "Legend"));
  document.getElementById("mapper-legend").appendChild(legend);
  DATA.types.forEach(function (t) {
    var r = el("div", "legend-row");
    var s = el("span", "sym");
    s.innerHTML = shapeSvg(t.shape, t.color, 16);
    r.appendChild(s);
    r.appendChild(el("span", null, t.label));
    legend.appendChild(r);
  });
  var legendExtra = [
    ['<svg viewBox="0 0 24 12" width="16" height="10"><path d="M1 6h16" stroke="#3b3b3b" stroke-width="2.2"/><path d="M14 1l9 5-9 5 2-5z" fill="#3b3b3b"/></svg>', "answers (retaliation for)"],
    ['<svg viewBox="0 0 24 24" width="16" height="16"><circle cx="12" cy="12" r="9" fill="none" stroke="#555" stroke-dasharray="3 3"/></svg>', "location uncertainty"],
    ['<svg viewBox="0 0 24 24" width="16" height="16"><circle cx="12" cy="12" r="10" fill="#888" /><circle cx="12" cy="12" r="6" fill="#fff"/></svg>', "cluster (share by type)"]
  ];
  legendExtra.forEach(function (x) {
    var r = el("div", "legend-row");
    var s = el("span", "sym");
    s.innerHTML = x[0];
    r.appendChild(s);
    r.appendChild(el("span", null, x[1]));
    legend.appendChild(r);
  });

  // ---- start --------------------------------------------------------------------------
  setBase("offline");
  syncInputs();
  if (incidents.length) {
    var bounds = L.latLngBounds(incidents.map(function (i) { return [i.latitude, i.longitude]; }));
    // Keep the incidents clear of the title box (left) and the layer panel (right).
    var wide = map.getSize().x > 900;
    map.fitBounds(bounds, {
      paddingTopLeft: [wide ? 340 : 40, 40], paddingBottomRight: [wide ? 300 : 40, 90], maxZoom: 8
    });
  } else {
    map.setView([25, 20], 2);
  }
  updateCities();
  function markReady() {
    api.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  var total = 0;
  cluster.options.chunkProgress = function (processed, all) {
    total = all;
    if (processed >= all && !api.ready) requestAnimationFrame(markReady);
  };
  apply();
  if (!total && !api.ready) requestAnimationFrame(markReady);
})();
