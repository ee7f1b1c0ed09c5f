/**
 * The page's only stylesheet, inlined and allowed by its hash in the Content-Security-Policy (no
 * other style, no script). Loosely the Crisp dashboard: a white panel on light grey, Crisp blue
 * for actions. Text colours keep a contrast of at least 4.5:1 on their background, borders 3:1.
 */
export const SETTINGS_PAGE_STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f5f8;color:#1c2431;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:24px 16px 48px}
.panel{background:#fff;border:1px solid #dfe4ec;border-radius:10px;box-shadow:0 1px 3px rgba(28,36,49,.06);overflow:hidden}
header{padding:20px 24px;border-bottom:1px solid #e6eaf0;border-top:4px solid #0f62d9}
h1{margin:0;font-size:20px;font-weight:650}
.intro{margin:4px 0 0;color:#5a6473;font-size:14px}
form,.body{padding:20px 24px 24px}
.notice{margin:0 0 20px;padding:12px 14px;border-radius:8px;border-left:4px solid}
.notice.ok{background:#e8f5ec;border-color:#1f7a3d;color:#14532d}
.notice.bad{background:#fdeeee;border-color:#b4232c;color:#7a1219}
.notice p{margin:0}
.notice ul{margin:8px 0 0;padding-left:20px}
.notice a{color:inherit}
.field{margin:0 0 20px}
label,legend{display:block;font-weight:600;margin:0 0 4px;padding:0}
.required{font-weight:400;color:#5a6473;font-size:13px}
.help{margin:0 0 6px;color:#5a6473;font-size:14px}
.error{margin:0 0 6px;color:#b4232c;font-size:14px;font-weight:600}
input[type=text],input[type=email],input[type=url],input[type=date],input[type=number],select,textarea{display:block;width:100%;max-width:100%;padding:8px 10px;border:1px solid #8a94a6;border-radius:6px;background:#fff;color:#1c2431;font:inherit}
textarea{min-height:5.5em;resize:vertical}
input[type=number]{max-width:14em}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:#b4232c;border-width:2px}
input:focus,select:focus,textarea:focus,button:focus{outline:3px solid rgba(15,98,217,.45);outline-offset:1px;border-color:#0f62d9}
fieldset{margin:0 0 20px;padding:14px 16px 0;border:1px solid #dfe4ec;border-radius:8px;min-width:0}
fieldset>legend{padding:0 6px;margin-left:-6px}
.check{display:flex;align-items:flex-start;gap:10px}
.check input{width:18px;height:18px;margin:3px 0 0;flex:none;accent-color:#0f62d9}
.check label{font-weight:600;margin:0}
.check~.help,.check~.error{margin-left:28px}
.choices .check label{font-weight:400}
.choices .check{margin:0 0 6px}
.actions{display:flex;justify-content:flex-end;padding-top:4px}
button{appearance:none;border:0;border-radius:6px;background:#0f62d9;color:#fff;font:inherit;font-weight:600;padding:10px 22px;cursor:pointer}
button:hover{background:#0b4fb3}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:520px){main{padding:0}.panel{border-radius:0;border-left:0;border-right:0}header,form,.body{padding-left:16px;padding-right:16px}.actions button{width:100%}}
`;
