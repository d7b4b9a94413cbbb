/** The console's stylesheet, served as /console/assets/console.css (no inline styles: the CSP allows 'self' only). */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
a{color:#0969da}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:8px 12px;z-index:10}.skip:focus{left:8px}
header.top{background:#24292f;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;justify-content:space-between}
header.top nav{display:flex;flex-wrap:wrap;gap:4px 14px}
header.top nav a{color:#fff;text-decoration:none;padding:6px 2px;border-bottom:2px solid transparent}
header.top nav a[aria-current=page]{border-bottom-color:#fff;font-weight:600}
header.top .who{display:flex;gap:10px;align-items:center;font-size:.9rem;color:#d0d7de}
header.top .who button{background:#57606a;color:#fff;padding:4px 10px;font-size:.85rem}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.35rem;margin:.2rem 0 1rem}
h2{font-size:1.05rem;margin:0 0 .5rem}
h3{font-size:.9rem;margin:.6rem 0 .3rem;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
section,article.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 16px;margin:0 0 14px}
article.card.decided{opacity:.85}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}
dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:1fr;gap:12px}
@media (min-width:860px){.grid.two{grid-template-columns:1fr 1fr}}
.quote,.pre{white-space:pre-wrap;overflow-wrap:anywhere;border-left:3px solid #d0d7de;padding-left:10px;color:#424a53;max-height:320px;overflow:auto;margin:0}
ul.gates{margin:0;padding-left:1.1rem}ul.gates li{margin:.15rem 0}
code{background:#eff1f3;border-radius:4px;padding:1px 5px;font-size:.9em;overflow-wrap:anywhere}
label{display:block;font-weight:600;margin:.6rem 0 .3rem}
input[type=text],input[type=email],input[type=password],input[type=search],select,textarea{width:100%;font:inherit;padding:8px 10px;border:1px solid #afb8c1;border-radius:6px;background:#fff}
textarea{font:15px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
textarea.draft{min-height:200px}textarea.reason{min-height:60px}
.buttons{display:flex;flex-wrap:wrap;gap:10px;margin-top:10px;align-items:center}
button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:9px 16px;cursor:pointer;background:#0969da;color:#fff}
button.approve{background:#1f883d}button.reject{background:#cf222e}button.secondary{background:#eaeef2;color:#1f2328;border:1px solid #d0d7de}
.banner{border-radius:8px;padding:12px 16px;margin:0 0 14px;font-weight:600}
.banner.success{background:#dafbe1;border:1px solid #4ac26b}.banner.info{background:#ddf4ff;border:1px solid #54aeff}
.banner.warn{background:#fff8c5;border:1px solid #d4a72c}.banner.error{background:#ffebe9;border:1px solid #ff8182}
.muted{color:#57606a;font-size:.9rem}
.badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:.8rem;font-weight:600;background:#eaeef2;color:#24292f;white-space:nowrap}
.badge.warn{background:#fff8c5}.badge.bad{background:#ffebe9}.badge.good{background:#dafbe1}
.card-head{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:baseline;justify-content:space-between;margin-bottom:6px}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:break-word}
th{font-size:.85rem;color:#57606a}
.table-wrap{overflow-x:auto;border:1px solid #d0d7de;border-radius:8px;margin-bottom:14px}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:8px 12px;align-items:end}
form.filters label{margin:0 0 .2rem}
form.inline{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
form.inline select{width:auto}form.inline label{margin:0}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline>li{border-left:3px solid #d0d7de;padding:4px 0 10px 12px;margin-left:4px}
ol.timeline>li.in{border-left-color:#54aeff}ol.timeline>li.out{border-left-color:#4ac26b}
ol.timeline p{margin:.2rem 0}
.counts{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 14px;padding:0;list-style:none}
.counts li a,.counts li span{display:block;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:6px 12px;text-decoration:none;color:inherit}
.counts b{font-size:1.2rem;margin-right:6px}
details summary{cursor:pointer;color:#0969da}
.signin{max-width:480px;margin:24px auto}
`;
