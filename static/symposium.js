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
	let timer = null;

	const label = (index) =>
		deck.dataset.slideOf.replace('{current}', String(index + 1)).replace('{total}', String(total));

	function show(index, announce) {
		current = Math.max(0, Math.min(total - 1, index));
		slides.forEach((slide, position) => {
			slide.hidden = position !== current;
		});
		status.textContent = label(current);
		if (announce) live.textContent = label(current);
		history.replaceState(null, '', `#slide-${current + 1}`);
		deck.dataset.current = String(current + 1);
	}

	function restartTimer() {
		window.clearInterval(timer);
		timer = null;
		if (!playing) return;
		// Auto-advance loops, so an unattended screen keeps going.
		timer = window.setInterval(() => show((current + 1) % total, false), seconds * 1000);
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
		show(index, true);
		restartTimer();
	}

	// Presentation mode: the deck fills the screen; what is behind it cannot take focus.
	document.documentElement.dataset.presenting = '';
	for (let node = deck; node && node !== document.body; node = node.parentElement)
		for (const sibling of node.parentElement.children) if (sibling !== node) sibling.inert = true;
	controls.hidden = false;

	button('previous').addEventListener('click', () => go(current - 1));
	button('next').addEventListener('click', () => go(current + 1));
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
				go(current + 1);
				break;
			case 'ArrowLeft':
			case 'PageUp':
				go(current - 1);
				break;
			case ' ':
				// Space on a focused button presses it; elsewhere it turns the page.
				if (onControl) return;
				go(event.shiftKey ? current - 1 : current + 1);
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
