import {join} from 'node:path';
import type {CredentialSpec} from '../config/config-file.js';
import {ConfigError} from '../domain/errors.js';
import {openCredentials, providerFor, type ChainInputs} from './chain.js';
import {readProfileCredentials, readTokenFile, type Credentials} from './credentials.js';
import {MetadataProvider} from './metadata.js';
import {fixedProvider, type CredentialProvider} from './provider.js';

export type OpenedCredentials = {
	readonly provider: CredentialProvider;
	readonly warnings: readonly string[];
	/** What the profile reads are to use (its file and section), for the project id in it. */
	readonly inputs: ChainInputs;
};

const FIXED_HINT = 'Credentials written in the config file or named environment variables cannot change while omstop runs; use token_file or profile for credentials that renew.';

function expandHome(path: string, home: string): string {
	return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

function variable(inputs: ChainInputs, name: string, context: string): string {
	const value = inputs.env[name]?.trim();
	if (!value) {
		throw new ConfigError(`Context ${context}: environment variable ${name} is not set`, `Set ${name}, or change the credentials of [contexts.${context}.credentials] in the config file.`);
	}

	return value;
}

/**
 * A context's credentials from the one source its config names; the default order of
 * sources (as with no config file) when it names none. Each context gets its own provider.
 */
export async function openContextCredentials(spec: CredentialSpec, context: string, inputs: ChainInputs): Promise<OpenedCredentials> {
	const home = inputs.homeDirectory;
	switch (spec.kind) {
		case 'chain': {
			return {...(await openCredentials(inputs)), inputs};
		}

		case 'token-file': {
			const path = expandHome(spec.path, home);
			const withFile = {...inputs, tokenFile: path};
			const credentials = await readTokenFile(path, inputs);
			return {provider: providerFor({credentials, origin: 'token-file', warnings: []}, withFile), warnings: [], inputs: withFile};
		}

		case 'profile': {
			const withProfile = {...inputs, ...(spec.path === undefined ? {} : {profileFile: expandHome(spec.path, home)}), profileSection: spec.section};
			const credentials = await readProfileCredentials(withProfile);
			if (credentials === undefined) {
				throw new ConfigError(`Context ${context}: no ak and sk in [${spec.section}] of the profile file`, `Write them there, or change [contexts.${context}.credentials] in the config file.`);
			}

			return {provider: providerFor({credentials, origin: 'profile', warnings: []}, withProfile), warnings: [], inputs: withProfile};
		}

		case 'metadata': {
			const {base, ...metadata} = inputs.metadata;
			if (base === undefined) {
				throw new ConfigError(`Context ${context} takes its keys from the ECS metadata service, which OMSTOP_NO_METADATA turns off`, 'Unset OMSTOP_NO_METADATA, or give the context other credentials.');
			}

			return {provider: await MetadataProvider.open({...metadata, base}), warnings: [], inputs};
		}

		case 'token-env':
		case 'inline-token':
		case 'pair-env':
		case 'inline-pair': {
			let credentials: Credentials;
			if (spec.kind === 'token-env') {
				credentials = {kind: 'token', token: variable(inputs, spec.name, context), source: `environment variable ${spec.name}`};
			} else if (spec.kind === 'inline-token') {
				credentials = {kind: 'token', token: spec.token, source: `the config file (context ${context})`};
			} else if (spec.kind === 'pair-env') {
				const securityToken = spec.securityToken === undefined ? undefined : variable(inputs, spec.securityToken, context);
				const pair = {accessKey: variable(inputs, spec.ak, context), secretKey: variable(inputs, spec.sk, context)};
				credentials = {kind: 'aksk', pair: securityToken === undefined ? pair : {...pair, securityToken}, source: `environment variables ${spec.ak}/${spec.sk}`};
			} else {
				const pair = {accessKey: spec.ak, secretKey: spec.sk};
				credentials = {kind: 'aksk', pair: spec.securityToken === undefined ? pair : {...pair, securityToken: spec.securityToken}, source: `the config file (context ${context})`};
			}

			return {provider: fixedProvider(credentials, {hint: FIXED_HINT}), warnings: [], inputs};
		}
	}
}
