// The symposium screen: turns the server-rendered list of slides into a presentation.
// Everything is already in the page (slides, images, QR codes), so it keeps working offline.
(() => {
	'use strict';
	const deck = document.getElementById('symposium');
	if (!deck) return;
	const slides = Array.from(deck.querySelectorAll('.symposium-slide'));
	const controls = deck.querySelector('[data-controls]');
	const status = deck.querySelector('[data-status]');
	const live = deck.querySelector('[data-live]');
	const button = (action) => deck.querySelector(`[data-action="${action}"]`);
	const playButton = button('play');
	const fullscreenButton = button('fullscreen');
	const total = slides.length;
	const seconds = Number(deck.dataset.auto) || 0;
	const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	let current = 0;
	// The slide asked for last: it may still be waiting for its cover (see `go`).
	let wanted = 0;
	let timer = null;
	// How long a turn of the page waits for the next cover before showing the slide anyway.
	const COVER_WAIT_MS = 2500;

	const label = (index) =>
		deck.dataset.slideOf.replace('{current}', String(index + 1)).replace('{total}', String(total));

	const clamp = (index) => Math.max(0, Math.min(total - 1, index));

	// A cover ready to paint: decode() fetches it if needed and resolves once it is decoded. A
	// browser may drop the decoded copy of an image that is not shown (the hidden slides), and
	// a slide shown before that is done appears with a blank cover for a moment.
	function coverReady(index) {
		const image = slides[index] && slides[index].querySelector('img');
		if (!image || typeof image.decode !== 'function') return Promise.resolve();
		return image.decode().catch(() => {});
	}

	// The slides next to the one shown are made ready ahead, so turning the page is instant.
	function prepareNeighbours() {
		for (const index of new Set([(current + 1) % total, (current - 1 + total) % total]))
			if (index !== current) coverReady(index);
	}

	function show(index, announce) {
		current = clamp(index);
		wanted = current;
		slides.forEach((slide, position) => {
			slide.hidden = position !== current;
		});
		status.textContent = label(current);
		if (announce) live.textContent = label(current);
		history.replaceState(null, '', `#slide-${current + 1}`);
		deck.dataset.current = String(current + 1);
		prepareNeighbours();
	}

	// Turns to a slide once its cover is ready (or after COVER_WAIT_MS on a slow network): never
	// a blank cover right after advancing. Only the last request counts when keys come fast.
	let turn = 0;
	function turnTo(index, announce) {
		const target = clamp(index);
		wanted = target;
		const ticket = ++turn;
		const wait = new Promise((resolve) => window.setTimeout(resolve, COVER_WAIT_MS));
		return Promise.race([coverReady(target), wait]).then(() => {
			if (ticket === turn) show(target, announce);
		});
	}

	function restartTimer() {
		window.clearInterval(timer);
		timer = null;
		if (!playing) return;
		// Auto-advance loops, so an unattended screen keeps going.
		timer = window.setInterval(() => turnTo((current + 1) % total, false), seconds * 1000);
	}

	let playing = false;
	function setPlaying(value) {
		playing = value;
		playButton.textContent = value ? deck.dataset.labelPause : deck.dataset.labelPlay;
		// Announcements would talk over a rotating screen (WAI-ARIA carousel pattern).
		live.setAttribute('aria-live', value ? 'off' : 'polite');
		restartTimer();
	}

	function go(index) {
		turnTo(index, true);
		restartTimer();
	}

	// Presentation mode: the deck fills the screen; what is behind it cannot take focus.
	document.documentElement.dataset.presenting = '';
	for (let node = deck; node && node !== document.body; node = node.parentElement)
		for (const sibling of node.parentElement.children) if (sibling !== node) sibling.inert = true;
	controls.hidden = false;

	button('previous').addEventListener('click', () => go(wanted - 1));
	button('next').addEventListener('click', () => go(wanted + 1));
	if (seconds > 0) {
		playButton.hidden = false;
		playButton.addEventListener('click', () => setPlaying(!playing));
	}
	if (document.fullscreenEnabled) {
		fullscreenButton.addEventListener('click', () => {
			if (document.fullscreenElement) document.exitFullscreen();
			else deck.requestFullscreen().catch(() => {});
		});
		document.addEventListener('fullscreenchange', () => {
			fullscreenButton.setAttribute('aria-pressed', String(document.fullscreenElement === deck));
		});
	} else {
		fullscreenButton.hidden = true;
	}

	document.addEventListener('keydown', (event) => {
		if (event.altKey || event.ctrlKey || event.metaKey) return;
		const target = event.target;
		const onControl = target instanceof Element && target.closest('button, a, input, select, textarea');
		switch (event.key) {
			case 'ArrowRight':
			case 'PageDown':
				go(wanted + 1);
				break;
			case 'ArrowLeft':
			case 'PageUp':
				go(wanted - 1);
				break;
			case ' ':
				// Space on a focused button presses it; elsewhere it turns the page.
				if (onControl) return;
				go(event.shiftKey ? wanted - 1 : wanted + 1);
				break;
			case 'Home':
				go(0);
				break;
			case 'End':
				go(total - 1);
				break;
			default:
				return;
		}
		event.preventDefault();
	});

	const fromHash = /^#slide-(\d+)$/.exec(location.hash);
	show(fromHash ? Number(fromHash[1]) - 1 : 0, false);
	if (seconds > 0) setPlaying(!reducedMotion);
	else setPlaying(false);
})();
