// Applies the remembered display preference (适老化: large font, high contrast)
// before the page paints. A classic script, loaded in <head>, kept tiny.
(function () {
	try {
		if (localStorage.getItem('shensu.large') === '1')
			document.documentElement.classList.add('large');
	} catch (e) {
		/* storage unavailable: normal mode */
	}
})();
