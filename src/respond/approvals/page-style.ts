/** The approval page's CSS: small, system fonts, one column, readable on a phone. */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
main{max-width:760px;margin:0 auto;padding:16px}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1rem;margin:0 0 .5rem;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 16px;margin:0 0 14px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}
dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}
.quote{white-space:pre-wrap;overflow-wrap:anywhere;border-left:3px solid #d0d7de;padding-left:10px;color:#424a53;max-height:320px;overflow:auto}
ul.gates{margin:0;padding-left:1.1rem}ul.gates li{margin:.2rem 0}
code{background:#eff1f3;border-radius:4px;padding:1px 5px;font-size:.9em}
ol.events{margin:0;padding-left:1.1rem;color:#424a53;font-size:.92rem}
label{display:block;font-weight:600;margin:.6rem 0 .3rem}
textarea{width:100%;font:15px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace;padding:10px;border:1px solid #afb8c1;border-radius:6px}
textarea#text{min-height:240px}textarea#reason{min-height:70px}
.buttons{display:flex;flex-wrap:wrap;gap:10px;margin-top:10px}
button{font:inherit;font-weight:600;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}
.approve{background:#1f883d;color:#fff}.reject{background:#cf222e;color:#fff}
.banner{border-radius:8px;padding:12px 16px;margin:0 0 14px;font-weight:600}
.banner.success{background:#dafbe1;border:1px solid #4ac26b}.banner.info{background:#ddf4ff;border:1px solid #54aeff}
.banner.warn{background:#fff8c5;border:1px solid #d4a72c}.banner.error{background:#ffebe9;border:1px solid #ff8182}
.muted{color:#57606a;font-size:.9rem}
`;
