import {ConfigError, NetworkError, OmstopError, TimeoutError} from '../domain/errors.js';
import {sanitize} from '../format/sanitize.js';
import {
	findCredentials,
	noCredentials,
	profilePath,
	readProfileCredentials,
	readTokenFile,
	type CredentialInputs,
	type FoundCredentials,
} from './credentials.js';
import {METADATA_BASE, MetadataProvider, type MetadataOptions} from './metadata.js';
import {FileCredentialProvider, fixedProvider, type CredentialProvider} from './provider.js';

export type ChainInputs = CredentialInputs & {
	/** Undefined: the ECS metadata service is not asked. */
	readonly metadata: Omit<MetadataOptions, 'base'> & {readonly base: URL | undefined};
};

const LOCK_WARNING = 'After 5 failed signatures in a row the gateway locks an AK/SK pair for 5 minutes.';

/**
 * Where the metadata service is: undefined when OMSTOP_NO_METADATA is set (anything but
 * empty or 0). OMSTOP_METADATA_URL_FOR_TESTS moves it, for the tests only.
 */
export function metadataBase(env: CredentialInputs['env']): URL | undefined {
	const off = env['OMSTOP_NO_METADATA']?.trim();
	if (off !== undefined && off !== '' && off !== '0') {
		return undefined;
	}

	const text = env['OMSTOP_METADATA_URL_FOR_TESTS']?.trim() || METADATA_BASE;
	try {
		return new URL(text);
	} catch {
		throw new ConfigError(`OMSTOP_METADATA_URL_FOR_TESTS "${sanitize(text, 60)}" is not a URL`, 'It is for the tests only: unset it.');
	}
}

/** The provider for credentials found in a source: those of files are read again when the file changes. */
export function providerFor(found: FoundCredentials, inputs: CredentialInputs): CredentialProvider {
	const {credentials} = found;
	switch (found.origin) {
		case 'token-file': {
			const path = inputs.tokenFile!;
			return new FileCredentialProvider({
				path,
				first: credentials,
				read: async () => readTokenFile(path, inputs),
				...(inputs.statFile === undefined ? {} : {statFile: inputs.statFile}),
				refusal: problem => ({
					hint: `Write a new IAM token to ${path} (tokens last 24 hours): omstop uses it as soon as the file changes.${problem === undefined ? '' : ` Its last read failed: ${problem}.`}`,
				}),
			});
		}

		case 'token-env': {
			return fixedProvider(credentials, {
				note: 'a token from OMS_AUTH_TOKEN cannot be renewed while omstop runs: use --token-file',
				hint: 'A token from OMS_AUTH_TOKEN cannot change while omstop runs. Write it to a file (chmod 600) and pass --token-file PATH instead: omstop reads that file again whenever it changes, so a cron job can renew the token (tokens last 24 hours).',
			});
		}

		case 'pair-env': {
			const temporary = credentials.kind === 'aksk' && credentials.pair.securityToken !== undefined;
			return fixedProvider(credentials, {
				...(temporary ? {note: 'keys from environment variables cannot be renewed while omstop runs: use the profile file'} : {}),
				hint: `Keys from environment variables cannot change while omstop runs; keys in the profile file ${profilePath(inputs)} are read again whenever it changes. ${LOCK_WARNING}`,
			});
		}

		case 'profile': {
			const path = profilePath(inputs);
			const section = inputs.profileSection ?? 'basic';
			return new FileCredentialProvider({
				path,
				first: credentials,
				read: async () => {
					const next = await readProfileCredentials(inputs);
					if (next === undefined) {
						throw new ConfigError(`The profile file ${path} has no ak and sk in [${section}]`, 'Write them back.');
					}

					return next;
				},
				...(inputs.statFile === undefined ? {} : {statFile: inputs.statFile}),
				refusal: problem => ({
					hint: `Write the new ak, sk and security_token to [${section}] of ${path}: omstop uses them as soon as the file changes. ${LOCK_WARNING}${problem === undefined ? '' : ` Its last read failed: ${problem}.`}`,
				}),
			});
		}
	}
}

/**
 * The credentials as the provider's SDKs find them by default: the sources of
 * findCredentials, then the ECS metadata service, each able to change while omstop runs
 * where its source can.
 */
export async function openCredentials(inputs: ChainInputs): Promise<{provider: CredentialProvider; warnings: string[]}> {
	const found = await findCredentials(inputs);
	if (found !== undefined) {
		return {provider: providerFor(found, inputs), warnings: found.warnings};
	}

	const {base, ...metadata} = inputs.metadata;
	if (base === undefined) {
		throw noCredentials(inputs);
	}

	try {
		return {provider: await MetadataProvider.open({...metadata, base}), warnings: []};
	} catch (error) {
		if (error instanceof NetworkError || error instanceof TimeoutError) {
			throw noCredentials(inputs, `the ECS metadata service at ${base.host}, which did not answer (this machine is no ECS, or OMSTOP_NO_METADATA=1 skips it)`);
		}

		if (error instanceof OmstopError) {
			throw new ConfigError(error.message, error.hint);
		}

		throw error;
	}
}
