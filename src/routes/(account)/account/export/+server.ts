import { exportUserData } from '$lib/server/services/accounts';
import { now } from '$lib/server/clock';
import { signedIn } from '$lib/server/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const { user, db } = await signedIn();
	const data = await exportUserData(db, user.id);
	const date = now().toISOString().slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="my-data-${date}.json"`,
			'cache-control': 'no-store'
		}
	});
};
